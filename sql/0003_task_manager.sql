-- 0003 task_manager: the original table, taskmgr's columns beside it, and the triggers
-- that keep its bookkeeping columns honest.
--
-- The first CREATE TABLE is the original n8n/Supabase migration, column for column
-- (names, types and defaults unchanged), so a database that already has the table keeps
-- it and only gains taskmgr's columns. Everything below is written to be safe to run
-- twice: IF NOT EXISTS, CREATE OR REPLACE, and constraint/trigger checks in DO blocks.

CREATE TABLE IF NOT EXISTS public.task_manager (
    task_id VARCHAR(50) PRIMARY KEY,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    external_id VARCHAR(255),
    poll_url TEXT,
    poll_method VARCHAR(10) DEFAULT 'GET',
    task_type VARCHAR(50),
    result JSONB,
    error_message TEXT,
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
    attempt_count INTEGER DEFAULT 0,
    max_attempts INTEGER DEFAULT 10,
    timeout_minutes INTEGER DEFAULT 120,
    metadata JSONB,
    user_id UUID
);

-- taskmgr's own columns (docs/ARCHITECTURE.md, "Database shape").
ALTER TABLE public.task_manager
    ADD COLUMN IF NOT EXISTS next_poll_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN IF NOT EXISTS lease_owner text,
    ADD COLUMN IF NOT EXISTS lease_expires_at timestamptz,
    ADD COLUMN IF NOT EXISTS consecutive_errors integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS retry_count integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS deadline_at timestamptz,
    ADD COLUMN IF NOT EXISTS failure_reason text,
    ADD COLUMN IF NOT EXISTS finished_at timestamptz,
    ADD COLUMN IF NOT EXISTS idempotency_key text,
    ADD COLUMN IF NOT EXISTS idempotency_hash text,
    ADD COLUMN IF NOT EXISTS poll_interval_seconds integer,
    ADD COLUMN IF NOT EXISTS status_path text,
    ADD COLUMN IF NOT EXISTS result_path text,
    ADD COLUMN IF NOT EXISTS poll_auth text;

-- Rows that predate taskmgr (an existing Supabase table) get a deadline and, when
-- already finished, a finish time; then deadline_at can be NOT NULL.
UPDATE public.task_manager
SET deadline_at = coalesce(created_at, now()) + coalesce(timeout_minutes, 120) * interval '1 minute'
WHERE deadline_at IS NULL;
UPDATE public.task_manager
SET finished_at = coalesce(updated_at, now())
WHERE finished_at IS NULL AND status IN ('completed', 'failed', 'cancelled');
ALTER TABLE public.task_manager ALTER COLUMN deadline_at SET NOT NULL;

DO $constraints$
DECLARE
    wanted record;
BEGIN
    FOR wanted IN
        SELECT * FROM (VALUES
            ('task_manager_status_check',
             'CHECK (status IN (''pending'', ''in_progress'', ''completed'', ''failed'', ''cancelled''))'),
            ('task_manager_poll_method_check', 'CHECK (poll_method IN (''GET'', ''POST''))'),
            ('task_manager_max_attempts_check', 'CHECK (max_attempts > 0)'),
            ('task_manager_timeout_minutes_check', 'CHECK (timeout_minutes > 0)'),
            ('task_manager_failure_reason_check',
             'CHECK (failure_reason IN (''external_failure'', ''not_found'', ''max_attempts'', ''timed_out'', ''cancelled''))'),
            ('task_manager_poll_interval_seconds_check', 'CHECK (poll_interval_seconds > 0)'),
            ('task_manager_attempt_count_check', 'CHECK (attempt_count >= 0)')
        ) AS c(name, definition)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                       WHERE conrelid = 'public.task_manager'::regclass AND conname = wanted.name) THEN
            EXECUTE format('ALTER TABLE public.task_manager ADD CONSTRAINT %I %s',
                           wanted.name, wanted.definition);
        END IF;
    END LOOP;
END
$constraints$;

-- The original's indexes, by their original names.
CREATE INDEX IF NOT EXISTS idx_task_status ON public.task_manager (status);
CREATE INDEX IF NOT EXISTS idx_created_at ON public.task_manager (created_at);
CREATE INDEX IF NOT EXISTS idx_external_id ON public.task_manager (external_id);
CREATE INDEX IF NOT EXISTS idx_task_type ON public.task_manager (task_type);
CREATE INDEX IF NOT EXISTS idx_updated_at ON public.task_manager (updated_at);
CREATE INDEX IF NOT EXISTS idx_result_gin ON public.task_manager USING gin (result);
-- A hash index where the original has a b-tree: it answers the same equality lookups,
-- but a b-tree refuses any row whose error_message exceeds ~2.7 kB ("index row size
-- exceeds maximum"), which would make a long error from a job API fail the update.
CREATE INDEX IF NOT EXISTS idx_error_message ON public.task_manager USING hash (error_message);
CREATE INDEX IF NOT EXISTS idx_status_updated_at ON public.task_manager (status, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_external_id_updated_at ON public.task_manager (external_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_error_message_fts
    ON public.task_manager USING gin (to_tsvector('english', COALESCE(error_message, '')));

-- taskmgr's indexes, one per query that needs it.
-- Create-task's Idempotency-Key; NULLs never collide, so keys are unique where present.
CREATE UNIQUE INDEX IF NOT EXISTS task_manager_idempotency_key_key
    ON public.task_manager (idempotency_key);
-- The monitor's due scan and deadline scan look only at open tasks.
CREATE INDEX IF NOT EXISTS task_manager_due_idx
    ON public.task_manager (next_poll_at) WHERE status IN ('pending', 'in_progress');
CREATE INDEX IF NOT EXISTS task_manager_deadline_idx
    ON public.task_manager (deadline_at) WHERE status IN ('pending', 'in_progress');
-- GET /tasks keyset pagination, newest first, overall and per user.
CREATE INDEX IF NOT EXISTS task_manager_created_keyset_idx
    ON public.task_manager (created_at DESC, task_id DESC);
CREATE INDEX IF NOT EXISTS task_manager_user_created_idx
    ON public.task_manager (user_id, created_at DESC);
-- taskctl archive: finished tasks, oldest first.
CREATE INDEX IF NOT EXISTS task_manager_finished_idx
    ON public.task_manager (finished_at) WHERE status IN ('completed', 'failed', 'cancelled');

-- BEFORE INSERT: a task gets its deadline and first poll time from the database clock,
-- so no client can forget them or skew them.
CREATE OR REPLACE FUNCTION public.task_manager_before_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $fn$
BEGIN
    IF NEW.deadline_at IS NULL THEN
        NEW.deadline_at := coalesce(NEW.created_at, now())
            + coalesce(NEW.timeout_minutes, 120) * interval '1 minute';
    END IF;
    IF NEW.next_poll_at IS NULL THEN
        NEW.next_poll_at := now();
    END IF;
    IF NEW.status IN ('completed', 'failed', 'cancelled') AND NEW.finished_at IS NULL THEN
        NEW.finished_at := now();
    END IF;
    RETURN NEW;
END
$fn$;

-- BEFORE UPDATE: updated_at is the database's, not the caller's. Reaching a terminal
-- state stamps finished_at and drops any monitor lease; leaving one (a retry) clears
-- finished_at and, unless the caller set them, restarts the deadline and polls now.
CREATE OR REPLACE FUNCTION public.task_manager_before_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $fn$
DECLARE
    was_terminal boolean := OLD.status IN ('completed', 'failed', 'cancelled');
    is_terminal boolean := NEW.status IN ('completed', 'failed', 'cancelled');
BEGIN
    NEW.updated_at := now();
    IF is_terminal AND NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.finished_at := now();
        NEW.lease_owner := NULL;
        NEW.lease_expires_at := NULL;
    ELSIF was_terminal AND NOT is_terminal THEN
        NEW.finished_at := NULL;
        IF NEW.deadline_at IS NOT DISTINCT FROM OLD.deadline_at THEN
            NEW.deadline_at := now() + coalesce(NEW.timeout_minutes, 120) * interval '1 minute';
        END IF;
        IF NEW.next_poll_at IS NOT DISTINCT FROM OLD.next_poll_at THEN
            NEW.next_poll_at := now();
        END IF;
    END IF;
    -- A deadline computed from a NULL timeout_minutes (rows from before taskmgr) would be
    -- NULL; use the original's default instead of failing the update.
    IF NEW.deadline_at IS NULL THEN
        NEW.deadline_at := now() + coalesce(NEW.timeout_minutes, 120) * interval '1 minute';
    END IF;
    RETURN NEW;
END
$fn$;

DO $triggers$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                   WHERE tgrelid = 'public.task_manager'::regclass
                     AND tgname = 'task_manager_before_insert') THEN
        CREATE TRIGGER task_manager_before_insert
            BEFORE INSERT ON public.task_manager
            FOR EACH ROW EXECUTE FUNCTION public.task_manager_before_insert();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                   WHERE tgrelid = 'public.task_manager'::regclass
                     AND tgname = 'task_manager_before_update') THEN
        CREATE TRIGGER task_manager_before_update
            BEFORE UPDATE ON public.task_manager
            FOR EACH ROW EXECUTE FUNCTION public.task_manager_before_update();
    END IF;
END
$triggers$;

REVOKE ALL ON FUNCTION public.task_manager_before_insert() FROM PUBLIC;
REVOKE ALL ON FUNCTION public.task_manager_before_update() FROM PUBLIC;
