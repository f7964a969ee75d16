-- 0004 status history, the alert outbox and the archive.
--
-- One trigger writes both history and alerts, in the transaction that changed the
-- status, whoever changed it (a route, the monitor, taskctl, or an admin in psql):
-- every change leaves a history row, and every move to 'failed' queues exactly one
-- Slack alert. The monitor delivers queued alerts later and marks them sent.

CREATE TABLE IF NOT EXISTS public.task_status_history (
    id bigserial PRIMARY KEY,
    task_id varchar(50) NOT NULL REFERENCES public.task_manager (task_id) ON DELETE CASCADE,
    old_status varchar(20),
    new_status varchar(20) NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    actor text,
    reason text,
    error_message text
);
CREATE INDEX IF NOT EXISTS task_status_history_task_idx
    ON public.task_status_history (task_id, id);

-- The Slack outbox. No foreign key: the payload is a snapshot, so an alert can still be
-- delivered after its task was archived. UNIQUE (task_id, retry_count) is the
-- "exactly once per failure episode" guard: a task fails at most once per retry.
CREATE TABLE IF NOT EXISTS public.task_alerts (
    id bigserial PRIMARY KEY,
    task_id varchar(50) NOT NULL,
    retry_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    reason text,
    payload jsonb NOT NULL,
    sent_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    CONSTRAINT task_alerts_task_episode_key UNIQUE (task_id, retry_count)
);
-- The monitor's delivery scan: unsent alerts that are due.
CREATE INDEX IF NOT EXISTS task_alerts_pending_idx
    ON public.task_alerts (next_attempt_at) WHERE sent_at IS NULL;

-- Finished tasks moved out of task_manager by `taskctl archive`: every task_manager
-- column, plus when it was archived and its status history as a JSON array.
CREATE TABLE IF NOT EXISTS public.task_manager_archive (
    LIKE public.task_manager,
    archived_at timestamptz NOT NULL DEFAULT now(),
    history jsonb,
    PRIMARY KEY (task_id)
);
CREATE INDEX IF NOT EXISTS task_manager_archive_archived_at_idx
    ON public.task_manager_archive (archived_at);

-- AFTER INSERT, and AFTER UPDATE OF status when it changed. SECURITY DEFINER because the
-- callers (authenticated, service_role) may not write history or alerts themselves.
-- The actor is taskmgr.actor (set by the routes to the token's name), else the JWT role,
-- else the SET ROLE role (which a SECURITY DEFINER call does not change, unlike
-- current_user), else the login user.
CREATE OR REPLACE FUNCTION public.task_manager_record_status() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $fn$
DECLARE
    old_status varchar(20);
    actor text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_status := OLD.status;
    END IF;
    actor := coalesce(
        nullif(current_setting('taskmgr.actor', true), ''),
        auth.role(),
        nullif(current_setting('role', true), 'none'),
        session_user::text);

    INSERT INTO public.task_status_history
        (task_id, old_status, new_status, changed_at, actor, reason, error_message)
    VALUES
        (NEW.task_id, old_status, NEW.status, now(), actor, NEW.failure_reason, NEW.error_message);

    IF NEW.status = 'failed' AND old_status IS DISTINCT FROM 'failed' THEN
        INSERT INTO public.task_alerts (task_id, retry_count, created_at, reason, payload)
        VALUES (
            NEW.task_id,
            NEW.retry_count,
            now(),
            NEW.failure_reason,
            jsonb_build_object(
                'task_id', NEW.task_id,
                'task_type', NEW.task_type,
                'external_id', NEW.external_id,
                'error_message', NEW.error_message,
                'failure_reason', NEW.failure_reason,
                'attempt_count', NEW.attempt_count,
                'max_attempts', NEW.max_attempts,
                'created_at', NEW.created_at,
                'finished_at', NEW.finished_at,
                'retry_count', NEW.retry_count,
                'user_id', NEW.user_id,
                'actor', actor))
        ON CONFLICT (task_id, retry_count) DO NOTHING;
    END IF;
    RETURN NULL;
END
$fn$;
REVOKE ALL ON FUNCTION public.task_manager_record_status() FROM PUBLIC;

DO $triggers$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                   WHERE tgrelid = 'public.task_manager'::regclass
                     AND tgname = 'task_manager_status_inserted') THEN
        CREATE TRIGGER task_manager_status_inserted
            AFTER INSERT ON public.task_manager
            FOR EACH ROW EXECUTE FUNCTION public.task_manager_record_status();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                   WHERE tgrelid = 'public.task_manager'::regclass
                     AND tgname = 'task_manager_status_changed') THEN
        CREATE TRIGGER task_manager_status_changed
            AFTER UPDATE OF status ON public.task_manager
            FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
            EXECUTE FUNCTION public.task_manager_record_status();
    END IF;
END
$triggers$;
