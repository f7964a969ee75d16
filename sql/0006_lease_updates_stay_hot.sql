-- 0006 lease updates stay HOT: a monitor taking or renewing its lease on a task changes
-- only `lease_owner` and `lease_expires_at`, which no index covers; the update can then be
-- a heap-only (HOT) update that touches none of task_manager's 17 indexes, instead of
-- adding an entry to every one of them. Two things stood in the way, and this file
-- removes both:
--
-- 1. 0003's BEFORE UPDATE trigger sets `updated_at` (indexed three times) on every update.
--    A second BEFORE UPDATE trigger, below, puts the old `updated_at` back when nothing
--    but the lease changed, so `updated_at` keeps meaning "when the task last changed",
--    not "when a monitor last looked at it". Any other change (status, attempts, error,
--    result, …), with or without a lease change, still stamps `updated_at`.
-- 2. A HOT update needs room for the new row version on the same page. The monitor leases
--    a batch of due tasks in one statement, and tasks created together sit on the same
--    pages, so every row of a page is updated at once: only pages at most half full have
--    room for all of them. fillfactor 50 leaves that half free (measured: 96 % of lease
--    updates HOT at 50, 24 % at 80, ~1 % at the default 100; the table ends no larger,
--    since non-HOT updates grow it as much). It applies to pages written from now on;
--    `VACUUM FULL task_manager` (which locks the table) repacks existing ones.
--
-- Written in 0006, not by editing 0003: 0003 may already be applied. The trigger function
-- has its own name, so running 0003 again (whose CREATE OR REPLACE would restore its own
-- function's body) leaves this behaviour in place. Safe to run twice: CREATE OR REPLACE,
-- the trigger created only where missing, and the storage parameter set to the same value.

ALTER TABLE public.task_manager SET (fillfactor = 50);

-- BEFORE UPDATE OF the lease columns, after 0003's task_manager_before_update (triggers on
-- the same event fire in name order, and this name sorts after that one): when the lease
-- changed and the row is otherwise identical to the old one, the update keeps the old
-- `updated_at` (also when the caller set one: `updated_at` is the database's either way).
-- `*=` compares the stored images of the two rows, so it works for every column type; a
-- value that is equal but stored differently only counts as a change, which stamps
-- `updated_at` as before. No table is read or written, so it needs no SECURITY DEFINER,
-- and the operator is schema-qualified instead of pinning search_path (which would cost
-- a settings save and restore on every row).
CREATE OR REPLACE FUNCTION public.task_manager_keep_updated_at_on_lease() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    unchanged record;
BEGIN
    unchanged := NEW;
    unchanged.lease_owner := OLD.lease_owner;
    unchanged.lease_expires_at := OLD.lease_expires_at;
    unchanged.updated_at := OLD.updated_at;
    IF unchanged OPERATOR(pg_catalog.*=) OLD THEN
        NEW.updated_at := OLD.updated_at;
    END IF;
    RETURN NEW;
END
$fn$;
REVOKE ALL ON FUNCTION public.task_manager_keep_updated_at_on_lease() FROM PUBLIC;

DO $triggers$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                   WHERE tgrelid = 'public.task_manager'::regclass
                     AND tgname = 'task_manager_before_update_lease_only') THEN
        CREATE TRIGGER task_manager_before_update_lease_only
            BEFORE UPDATE OF lease_owner, lease_expires_at ON public.task_manager
            FOR EACH ROW
            WHEN ((OLD.lease_owner, OLD.lease_expires_at) IS DISTINCT FROM (NEW.lease_owner, NEW.lease_expires_at))
            EXECUTE FUNCTION public.task_manager_keep_updated_at_on_lease();
    END IF;
END
$triggers$;
