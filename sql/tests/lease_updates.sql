-- 0006: a monitor's lease is bookkeeping, not a change to the task. A lease-only update
-- keeps updated_at and is a HOT update (no index entries); every other change still
-- stamps updated_at, with or without a lease change beside it.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(13);

SELECT is((SELECT reloptions FROM pg_class WHERE oid = 'public.task_manager'::regclass),
    ARRAY['fillfactor=50'], 'task_manager leaves half of each page free for HOT updates');
SELECT trigger_is('public', 'task_manager', 'task_manager_before_update_lease_only',
    'public', 'task_manager_keep_updated_at_on_lease', 'the lease-only trigger exists');

INSERT INTO task_manager (task_id, poll_url, updated_at)
VALUES ('lease-1', 'https://jobs.example.com/1', '2026-01-01 00:00:00+00'),
       ('lease-2', 'https://jobs.example.com/2', '2026-01-01 00:00:00+00');

-- What the monitor runs, as the monitor runs it. --------------------------------------
SET LOCAL ROLE service_role;
SELECT set_config('taskmgr.actor', 'monitor:ci', true);
CREATE TEMP TABLE hot_before AS
    SELECT n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relid = 'public.task_manager'::regclass;
UPDATE task_manager SET lease_owner = 'host-a', lease_expires_at = now() + interval '5 minutes'
WHERE task_id = 'lease-1';
SELECT is((SELECT updated_at FROM task_manager WHERE task_id = 'lease-1'),
    '2026-01-01 00:00:00+00'::timestamptz, 'taking a lease keeps updated_at');
SELECT is((SELECT n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relid = 'public.task_manager'::regclass)
          - (SELECT n_tup_hot_upd FROM hot_before), 1::bigint,
    'taking a lease is a HOT update (no index touched)');
SELECT is((SELECT lease_owner FROM task_manager WHERE task_id = 'lease-1'), 'host-a',
    'the lease itself is written');

UPDATE task_manager SET lease_expires_at = now() + interval '10 minutes', updated_at = '2030-01-01'
WHERE task_id = 'lease-1';
SELECT is((SELECT updated_at FROM task_manager WHERE task_id = 'lease-1'),
    '2026-01-01 00:00:00+00'::timestamptz, 'renewing a lease keeps updated_at, whatever the update says');

UPDATE task_manager SET lease_owner = 'host-a' WHERE task_id = 'lease-1';
SELECT is((SELECT updated_at FROM task_manager WHERE task_id = 'lease-1'), now(),
    'an update that changes nothing still stamps updated_at, as before 0006');

-- Anything else is a change to the task. ---------------------------------------------
UPDATE task_manager SET updated_at = '2026-01-01 00:00:00+00' WHERE task_id = 'lease-1';
UPDATE task_manager
SET status = 'in_progress', attempt_count = attempt_count + 1, lease_owner = NULL, lease_expires_at = NULL
WHERE task_id = 'lease-1';
SELECT is((SELECT updated_at FROM task_manager WHERE task_id = 'lease-1'), now(),
    'a write-back that releases the lease and changes the status stamps updated_at');
SELECT is((SELECT count(*)::int FROM task_status_history WHERE task_id = 'lease-1'), 2,
    'the status change is in the history; the lease changes are not');

UPDATE task_manager SET lease_owner = 'host-b', lease_expires_at = now() + interval '5 minutes',
    error_message = 'timed out'
WHERE task_id = 'lease-2';
SELECT is((SELECT updated_at FROM task_manager WHERE task_id = 'lease-2'), now(),
    'a lease change beside any other change stamps updated_at');

UPDATE task_manager SET updated_at = '2026-01-01 00:00:00+00' WHERE task_id = 'lease-2';
SELECT is((SELECT updated_at FROM task_manager WHERE task_id = 'lease-2'), now(),
    'a change without any lease change stamps updated_at');

UPDATE task_manager SET status = 'completed', lease_owner = 'host-c' WHERE task_id = 'lease-2';
SELECT ok((SELECT lease_owner IS NULL AND finished_at = now() AND updated_at = now()
           FROM task_manager WHERE task_id = 'lease-2'),
    'finishing a task still drops its lease and stamps finished_at and updated_at');
RESET ROLE;

-- Running 0006 again changes nothing. ------------------------------------------------
SET LOCAL client_min_messages = warning;
\ir ../0006_lease_updates_stay_hot.sql
SELECT is((SELECT count(*)::int FROM pg_trigger
           WHERE tgrelid = 'public.task_manager'::regclass AND tgname = 'task_manager_before_update_lease_only'), 1,
    'applying 0006 twice leaves one lease-only trigger');

SELECT * FROM finish();
ROLLBACK;
