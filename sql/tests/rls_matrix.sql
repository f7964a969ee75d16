-- The row-level-security matrix: anon / authenticated / service_role × select / insert /
-- update / delete, each with an allowed or a denied case, plus the cases where a grant
-- alone would allow something the policies must still refuse (a Supabase database grants
-- ALL on public tables to the API roles by default).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(30);

-- Fixtures, as the superuser.
INSERT INTO task_manager (task_id, external_id, user_id) VALUES
    ('rls-mine', 'ext-1', '11111111-1111-1111-1111-111111111111'),
    ('rls-theirs', 'ext-2', '22222222-2222-2222-2222-222222222222');

-- anon ----------------------------------------------------------------------------
SET LOCAL ROLE anon;
SELECT set_config('request.jwt.claims', '{"role":"anon"}', true);
SELECT results_eq($$SELECT count(*)::int FROM task_manager WHERE task_id LIKE 'rls-%'$$,
    ARRAY[2], 'anon can read tasks');
SELECT throws_ok($$INSERT INTO task_manager (task_id) VALUES ('rls-anon')$$,
    '42501', NULL, 'anon cannot insert a task');
SELECT throws_ok($$UPDATE task_manager SET status = 'cancelled' WHERE task_id = 'rls-mine'$$,
    '42501', NULL, 'anon cannot update a task');
SELECT throws_ok($$DELETE FROM task_manager WHERE task_id = 'rls-mine'$$,
    '42501', NULL, 'anon cannot delete a task');
SELECT results_eq($$SELECT count(*)::int FROM task_status_history WHERE task_id = 'rls-mine'$$,
    ARRAY[1], 'anon can read status history');
SELECT throws_ok($$SELECT * FROM task_alerts$$, '42501', NULL, 'anon cannot read alerts');
SELECT throws_ok($$SELECT * FROM task_manager_archive$$, '42501', NULL, 'anon cannot read the archive');

-- authenticated, with a user id ---------------------------------------------------
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims',
    '{"role":"authenticated","sub":"11111111-1111-1111-1111-111111111111"}', true);
SELECT results_eq($$SELECT count(*)::int FROM task_manager WHERE task_id LIKE 'rls-%'$$,
    ARRAY[2], 'authenticated can read tasks');
SELECT lives_ok($$INSERT INTO task_manager (task_id, user_id)
                  VALUES ('rls-auth-own', '11111111-1111-1111-1111-111111111111')$$,
    'authenticated can insert a task for its own user id');
SELECT throws_ok($$INSERT INTO task_manager (task_id, user_id)
                   VALUES ('rls-auth-other', '22222222-2222-2222-2222-222222222222')$$,
    '42501', NULL, 'authenticated with a user id cannot insert a task for another user');
SELECT throws_ok($$INSERT INTO task_manager (task_id) VALUES ('rls-auth-nouser')$$,
    '42501', NULL, 'authenticated with a user id cannot insert a task without one');
SELECT throws_ok($$UPDATE task_manager SET status = 'cancelled' WHERE task_id = 'rls-mine'$$,
    '42501', NULL, 'authenticated cannot update a task, not even its own');
SELECT throws_ok($$DELETE FROM task_manager WHERE task_id = 'rls-mine'$$,
    '42501', NULL, 'authenticated cannot delete a task, not even its own');
SELECT throws_ok($$SELECT * FROM task_alerts$$, '42501', NULL, 'authenticated cannot read alerts');

-- authenticated, a token without a user id -----------------------------------------
SELECT set_config('request.jwt.claims', '{"role":"authenticated"}', true);
SELECT lives_ok($$INSERT INTO task_manager (task_id, user_id)
                  VALUES ('rls-auth-any', '33333333-3333-3333-3333-333333333333')$$,
    'authenticated without a user id can insert a task for any user');

-- authenticated database role, but claims that say otherwise -----------------------
SELECT set_config('request.jwt.claims', '{"role":"anon"}', true);
SELECT throws_ok($$INSERT INTO task_manager (task_id) VALUES ('rls-auth-mismatch')$$,
    '42501', NULL, 'authenticated role with anon claims cannot insert');

-- service_role ----------------------------------------------------------------------
SET LOCAL ROLE service_role;
SELECT set_config('request.jwt.claims', '{"role":"service_role"}', true);
SELECT results_eq($$SELECT count(*)::int FROM task_manager WHERE task_id LIKE 'rls-%'$$,
    ARRAY[4], 'service_role can read tasks');
SELECT lives_ok($$INSERT INTO task_manager (task_id) VALUES ('rls-service')$$,
    'service_role can insert a task');
SELECT results_eq($$UPDATE task_manager SET status = 'in_progress' WHERE task_id = 'rls-theirs'
                    RETURNING status::text$$,
    ARRAY['in_progress'], 'service_role can update any task');
SELECT results_eq($$DELETE FROM task_manager WHERE task_id = 'rls-service' RETURNING task_id::text$$,
    ARRAY['rls-service'], 'service_role can delete a task');
SELECT throws_ok($$INSERT INTO task_alerts (task_id, payload) VALUES ('rls-mine', '{}')$$,
    '42501', NULL, 'service_role cannot forge an alert');
SELECT throws_ok($$INSERT INTO task_status_history (task_id, new_status) VALUES ('rls-mine', 'failed')$$,
    '42501', NULL, 'service_role cannot forge status history');
SELECT lives_ok($$UPDATE task_alerts SET sent_at = now() WHERE false$$,
    'service_role can mark alerts sent');
SELECT lives_ok($$INSERT INTO task_manager_archive (task_id, status, deadline_at, next_poll_at,
                      consecutive_errors, retry_count)
                  VALUES ('rls-archived', 'completed', now(), now(), 0, 0)$$,
    'service_role can write the archive');

-- Policies hold even where grants are wide (as Supabase's default privileges make them).
RESET ROLE;
GRANT INSERT, UPDATE, DELETE ON task_manager TO anon, authenticated;
GRANT SELECT ON task_alerts, task_manager_archive TO anon, authenticated;

SET LOCAL ROLE anon;
SELECT set_config('request.jwt.claims', '{"role":"anon"}', true);
SELECT throws_ok($$INSERT INTO task_manager (task_id) VALUES ('rls-anon-granted')$$,
    '42501', NULL, 'anon cannot insert even with an INSERT grant (the original''s OR auth.jwt() hole is closed)');
SELECT is_empty($$DELETE FROM task_manager WHERE task_id = 'rls-mine' RETURNING task_id$$,
    'anon deletes nothing even with a DELETE grant');
SELECT is_empty($$SELECT * FROM task_manager_archive$$,
    'anon sees no archived task even with a SELECT grant');

SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims',
    '{"role":"authenticated","sub":"11111111-1111-1111-1111-111111111111"}', true);
SELECT is_empty($$UPDATE task_manager SET status = 'cancelled' WHERE task_id = 'rls-mine' RETURNING task_id$$,
    'authenticated updates nothing even with an UPDATE grant');
SELECT is_empty($$SELECT * FROM task_alerts$$,
    'authenticated sees no alert even with a SELECT grant');

RESET ROLE;
SELECT results_eq($$SELECT status::text FROM task_manager WHERE task_id = 'rls-mine'$$,
    ARRAY['pending'], 'the denied updates and deletes left the task untouched');

SELECT * FROM finish();
ROLLBACK;
