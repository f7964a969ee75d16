-- What the database maintains by itself: deadlines, updated_at, finished_at, leases,
-- one history row per status change with its actor, and exactly one alert per failure.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(23);

-- Insert: deadline from created_at + timeout, first poll now. -------------------------
INSERT INTO task_manager (task_id, timeout_minutes, created_at, updated_at)
VALUES ('trg-1', 30, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00');
SELECT is((SELECT deadline_at FROM task_manager WHERE task_id = 'trg-1'),
    '2026-01-01 00:30:00+00'::timestamptz, 'deadline_at = created_at + timeout_minutes');
SELECT is((SELECT next_poll_at FROM task_manager WHERE task_id = 'trg-1'), now(),
    'next_poll_at defaults to now');
INSERT INTO task_manager (task_id) VALUES ('trg-default');
SELECT is((SELECT deadline_at FROM task_manager WHERE task_id = 'trg-default'),
    now() + interval '120 minutes', 'a task without timeout gets the original''s 120 minutes');
INSERT INTO task_manager (task_id, deadline_at) VALUES ('trg-explicit', '2030-01-01 00:00:00+00');
SELECT is((SELECT deadline_at FROM task_manager WHERE task_id = 'trg-explicit'),
    '2030-01-01 00:00:00+00'::timestamptz, 'an explicit deadline_at is kept');

-- Update: updated_at is the database's. -----------------------------------------------
SET LOCAL ROLE service_role;
SELECT set_config('taskmgr.actor', 'token:ci-callback', true);
UPDATE task_manager
SET status = 'in_progress', updated_at = '2000-01-01', lease_owner = 'host-a',
    lease_expires_at = now() + interval '5 minutes'
WHERE task_id = 'trg-1';
SELECT is((SELECT updated_at FROM task_manager WHERE task_id = 'trg-1'), now(),
    'updated_at is set to now, whatever the update says');
SELECT results_eq(
    $$SELECT coalesce(old_status, '-')::text || '>' || new_status || ' by ' || actor
      FROM task_status_history WHERE task_id = 'trg-1' ORDER BY id$$,
    ARRAY['->pending by postgres', 'pending>in_progress by token:ci-callback'],
    'one history row per status change, with the actor from taskmgr.actor');

UPDATE task_manager SET error_message = 'still going' WHERE task_id = 'trg-1';
SELECT is((SELECT count(*)::int FROM task_status_history WHERE task_id = 'trg-1'), 2,
    'an update that keeps the status adds no history');

-- Failure: finished_at, lease cleared, exactly one alert. ----------------------------
SELECT set_config('taskmgr.actor', '', true);
SELECT set_config('request.jwt.claims', '{"role":"service_role"}', true);
UPDATE task_manager
SET status = 'failed', failure_reason = 'external_failure', error_message = 'job exploded'
WHERE task_id = 'trg-1';
SELECT is((SELECT finished_at FROM task_manager WHERE task_id = 'trg-1'), now(),
    'finished_at is set when the task fails');
SELECT ok((SELECT lease_owner IS NULL AND lease_expires_at IS NULL FROM task_manager WHERE task_id = 'trg-1'),
    'the monitor lease is dropped when the task fails');
SELECT is((SELECT actor FROM task_status_history WHERE task_id = 'trg-1' ORDER BY id DESC LIMIT 1),
    'service_role', 'without taskmgr.actor the actor is the JWT role');
SELECT is((SELECT reason FROM task_status_history WHERE task_id = 'trg-1' ORDER BY id DESC LIMIT 1),
    'external_failure', 'the history row carries the failure reason');

UPDATE task_manager SET status = 'failed', error_message = 'job exploded again' WHERE task_id = 'trg-1';
UPDATE task_manager SET metadata = '{"note": "seen"}' WHERE task_id = 'trg-1';
RESET ROLE;
SELECT is((SELECT count(*)::int FROM task_alerts WHERE task_id = 'trg-1'), 1,
    'a failed task alerts exactly once, however often it is updated while failed');
SELECT is((SELECT payload ->> 'error_message' FROM task_alerts WHERE task_id = 'trg-1'), 'job exploded',
    'the alert payload is a snapshot of the failure');
SELECT is((SELECT payload ->> 'failure_reason' FROM task_alerts WHERE task_id = 'trg-1'), 'external_failure',
    'the alert payload says why the task failed');

-- Retry: finished_at cleared, new deadline; failing again alerts again. ----------------
SET LOCAL ROLE service_role;
UPDATE task_manager
SET status = 'pending', retry_count = retry_count + 1, attempt_count = 0,
    failure_reason = NULL, error_message = NULL
WHERE task_id = 'trg-1';
SELECT is((SELECT finished_at FROM task_manager WHERE task_id = 'trg-1'), NULL,
    'a retry clears finished_at');
SELECT is((SELECT deadline_at FROM task_manager WHERE task_id = 'trg-1'), now() + interval '30 minutes',
    'a retry restarts the deadline from now');
UPDATE task_manager SET status = 'failed', failure_reason = 'timed_out' WHERE task_id = 'trg-1';
RESET ROLE;
SELECT results_eq($$SELECT retry_count, reason FROM task_alerts WHERE task_id = 'trg-1' ORDER BY id$$,
    $$VALUES (0, 'external_failure'), (1, 'timed_out')$$,
    'a retried task that fails again alerts again, once');

-- A retry that computes its deadline from a NULL timeout (a row from before taskmgr).
UPDATE task_manager SET timeout_minutes = NULL WHERE task_id = 'trg-explicit';
UPDATE task_manager SET deadline_at = now() + timeout_minutes * interval '1 minute' WHERE task_id = 'trg-explicit';
SELECT is((SELECT deadline_at FROM task_manager WHERE task_id = 'trg-explicit'), now() + interval '120 minutes',
    'a deadline computed from a NULL timeout falls back to 120 minutes');

-- Other terminal states: no alert. Inserting straight into failed: one alert. --------
INSERT INTO task_manager (task_id) VALUES ('trg-2');
UPDATE task_manager SET status = 'completed' WHERE task_id = 'trg-2';
UPDATE task_manager SET status = 'cancelled', failure_reason = 'cancelled' WHERE task_id = 'trg-default';
SELECT is_empty($$SELECT 1 FROM task_alerts WHERE task_id IN ('trg-2', 'trg-default')$$,
    'completed and cancelled tasks do not alert');
INSERT INTO task_manager (task_id, status, failure_reason) VALUES ('trg-3', 'failed', 'not_found');
SELECT is((SELECT count(*)::int FROM task_alerts WHERE task_id = 'trg-3'), 1,
    'a task inserted as failed alerts once');
SELECT ok((SELECT finished_at IS NOT NULL FROM task_manager WHERE task_id = 'trg-3'),
    'a task inserted in a terminal state has finished_at');

-- Constraints. ------------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO task_manager (task_id, status) VALUES ('trg-bad', 'done')$$,
    '23514', NULL, 'status must be one of the five');
SELECT throws_ok($$INSERT INTO task_manager (task_id, poll_method) VALUES ('trg-bad', 'PUT')$$,
    '23514', NULL, 'poll_method must be GET or POST');

SELECT * FROM finish();
ROLLBACK;
