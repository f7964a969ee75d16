-- The login roles can only do what SET ROLE gives them, and nothing skips RLS.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(25);

SELECT is((SELECT rolsuper FROM pg_roles WHERE rolname = 'taskmgr_api'), false, 'taskmgr_api is not superuser');
SELECT is((SELECT rolbypassrls FROM pg_roles WHERE rolname = 'taskmgr_api'), false, 'taskmgr_api does not bypass RLS');
SELECT is((SELECT rolinherit FROM pg_roles WHERE rolname = 'taskmgr_api'), false, 'taskmgr_api is NOINHERIT');
SELECT is((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'taskmgr_api'), true, 'taskmgr_api can log in');
SELECT is((SELECT rolsuper FROM pg_roles WHERE rolname = 'taskmgr_monitor'), false, 'taskmgr_monitor is not superuser');
SELECT is((SELECT rolbypassrls FROM pg_roles WHERE rolname = 'taskmgr_monitor'), false, 'taskmgr_monitor does not bypass RLS');
SELECT is((SELECT rolinherit FROM pg_roles WHERE rolname = 'taskmgr_monitor'), false, 'taskmgr_monitor is NOINHERIT');
SELECT is((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'taskmgr_monitor'), true, 'taskmgr_monitor can log in');

SELECT is_empty($$SELECT rolname FROM pg_roles
                  WHERE rolname IN ('anon', 'authenticated', 'service_role') AND rolcanlogin$$,
    'anon, authenticated and service_role cannot log in');

SELECT is_empty($$SELECT c.relname FROM pg_class c
                  WHERE c.relnamespace = 'public'::regnamespace
                    AND pg_get_userbyid(c.relowner) IN ('taskmgr_api', 'taskmgr_monitor',
                        'anon', 'authenticated', 'service_role')$$,
    'no login or API role owns a table, sequence or index');

SELECT is_empty($$SELECT relname FROM pg_class
                  WHERE oid IN ('task_manager'::regclass, 'task_status_history'::regclass,
                                'task_alerts'::regclass, 'task_manager_archive'::regclass)
                    AND NOT (relrowsecurity AND relforcerowsecurity)$$,
    'RLS is enabled and forced on every taskmgr table');

SELECT ok(pg_has_role('taskmgr_api', 'anon', 'MEMBER')
      AND pg_has_role('taskmgr_api', 'authenticated', 'MEMBER')
      AND pg_has_role('taskmgr_api', 'service_role', 'MEMBER'),
    'taskmgr_api may switch to anon, authenticated and service_role');
SELECT ok(pg_has_role('taskmgr_monitor', 'service_role', 'MEMBER')
      AND NOT pg_has_role('taskmgr_monitor', 'authenticated', 'MEMBER')
      AND NOT pg_has_role('taskmgr_monitor', 'anon', 'MEMBER'),
    'taskmgr_monitor may switch to service_role only');

-- NOINHERIT in practice: logged in, before SET ROLE, the routes can read nothing.
-- SET SESSION AUTHORIZATION makes the login role the session user, as a real login
-- would: SET ROLE is checked against the session user, and ours is a superuser.
SET LOCAL SESSION AUTHORIZATION taskmgr_api;
SELECT throws_ok($$SELECT * FROM task_manager$$, '42501', NULL,
    'taskmgr_api itself cannot read tasks');
SELECT lives_ok($$SET LOCAL ROLE authenticated$$, 'taskmgr_api can SET ROLE authenticated');
RESET ROLE;
SET LOCAL SESSION AUTHORIZATION taskmgr_monitor;
SELECT throws_ok($$SELECT * FROM task_alerts$$, '42501', NULL,
    'taskmgr_monitor itself cannot read alerts');
SELECT throws_ok($$SET LOCAL ROLE authenticated$$, '42501', NULL,
    'taskmgr_monitor cannot SET ROLE authenticated');
SELECT lives_ok($$SET LOCAL ROLE service_role$$, 'taskmgr_monitor can SET ROLE service_role');
RESET ROLE;
RESET SESSION AUTHORIZATION;

-- The auth helpers read the claims as Supabase's do.
SELECT set_config('request.jwt.claims',
    '{"role":"authenticated","sub":"11111111-1111-1111-1111-111111111111","email":"a@example.org"}', true);
SELECT is(auth.uid(), '11111111-1111-1111-1111-111111111111'::uuid, 'auth.uid() reads sub');
SELECT is(auth.role(), 'authenticated', 'auth.role() reads role');
SELECT is(auth.jwt() ->> 'email', 'a@example.org', 'auth.jwt() returns every claim');
SELECT set_config('request.jwt.claims', '', true);
SELECT ok(auth.uid() IS NULL AND auth.role() IS NULL AND auth.jwt() IS NULL,
    'without claims the helpers return null');

-- The migrations recorded themselves once each.
SELECT is((SELECT count(*)::int FROM taskmgr_schema_migrations), 
          (SELECT count(DISTINCT version)::int FROM taskmgr_schema_migrations),
    'each migration version is recorded once');
SELECT ok((SELECT count(*) FROM taskmgr_schema_migrations) >= 5, 'migrations 1-5 are recorded');
SELECT has_column('task_manager', 'user_id', 'task_manager keeps the original user_id column');

SELECT * FROM finish();
ROLLBACK;
