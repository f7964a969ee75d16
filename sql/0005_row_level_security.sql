-- 0005 grants and row-level security.
--
-- Grants say which operations a role may attempt at all (a missing grant fails with
-- 42501 before any policy is consulted); policies say which rows. RLS is enabled and
-- FORCEd on every table, so not even the tables' owner skips it by accident; the only
-- owner policies are the INSERTs the status trigger needs (it runs as the owner).
--
-- The original's intent, implemented as stated:
--   SELECT for everyone; INSERT for authenticated and service_role only;
--   UPDATE and DELETE for service_role only.
-- The original's INSERT policy read `auth.role() IN (…) OR auth.jwt() IS NOT NULL`;
-- the OR branch lets anon insert, since anon requests carry a JWT too. taskmgr drops
-- it: anon has no INSERT grant and no INSERT policy.
-- service_role's policies check only the database role (USING (true)): being able to
-- SET ROLE service_role is the credential, so the monitor needs no JWT claims.

GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;

-- Revoke first: Supabase's default privileges grant ALL on new public tables to the
-- three API roles, and the grants below are meant to be the whole list.
REVOKE ALL ON public.task_manager, public.task_status_history, public.task_alerts,
    public.task_manager_archive FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON public.task_manager TO anon;
GRANT SELECT, INSERT ON public.task_manager TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.task_manager TO service_role;
GRANT SELECT ON public.task_status_history TO anon, authenticated, service_role;
GRANT DELETE ON public.task_status_history TO service_role;
GRANT SELECT, UPDATE ON public.task_alerts TO service_role;
GRANT SELECT, INSERT, DELETE ON public.task_manager_archive TO service_role;

ALTER TABLE public.task_manager ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.task_manager FORCE ROW LEVEL SECURITY;
ALTER TABLE public.task_status_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.task_status_history FORCE ROW LEVEL SECURITY;
ALTER TABLE public.task_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.task_alerts FORCE ROW LEVEL SECURITY;
ALTER TABLE public.task_manager_archive ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.task_manager_archive FORCE ROW LEVEL SECURITY;

-- The policies below are the whole set. Any other policy on these tables goes, notably
-- the original's permissive INSERT policy on an existing Supabase table: permissive
-- policies are OR-ed, so leaving it would re-open what the ones below close.
DO $foreign_policies$
DECLARE
    stale record;
BEGIN
    FOR stale IN
        SELECT tablename, policyname FROM pg_catalog.pg_policies
        WHERE schemaname = 'public'
          AND tablename IN ('task_manager', 'task_status_history', 'task_alerts', 'task_manager_archive')
          AND policyname NOT IN (
              'task_manager_select', 'task_manager_insert_authenticated', 'task_manager_insert_service',
              'task_manager_update_service', 'task_manager_delete_service',
              'task_status_history_select', 'task_status_history_delete_service',
              'task_status_history_insert_owner',
              'task_alerts_select_service', 'task_alerts_update_service',
              'task_alerts_insert_owner', 'task_alerts_select_owner',
              'task_manager_archive_select_service', 'task_manager_archive_insert_service',
              'task_manager_archive_delete_service')
    LOOP
        RAISE NOTICE 'dropping policy % on % (not one of taskmgr''s)', stale.policyname, stale.tablename;
        EXECUTE format('DROP POLICY %I ON public.%I', stale.policyname, stale.tablename);
    END LOOP;
END
$foreign_policies$;

-- task_manager
DROP POLICY IF EXISTS task_manager_select ON public.task_manager;
CREATE POLICY task_manager_select ON public.task_manager
    FOR SELECT TO anon, authenticated, service_role
    USING (true);

-- A token that carries a user id may only create tasks for that user.
DROP POLICY IF EXISTS task_manager_insert_authenticated ON public.task_manager;
CREATE POLICY task_manager_insert_authenticated ON public.task_manager
    FOR INSERT TO authenticated
    WITH CHECK (
        (SELECT auth.role()) = 'authenticated'
        AND ((SELECT auth.uid()) IS NULL OR user_id = (SELECT auth.uid()))
    );

DROP POLICY IF EXISTS task_manager_insert_service ON public.task_manager;
CREATE POLICY task_manager_insert_service ON public.task_manager
    FOR INSERT TO service_role
    WITH CHECK (true);

DROP POLICY IF EXISTS task_manager_update_service ON public.task_manager;
CREATE POLICY task_manager_update_service ON public.task_manager
    FOR UPDATE TO service_role
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS task_manager_delete_service ON public.task_manager;
CREATE POLICY task_manager_delete_service ON public.task_manager
    FOR DELETE TO service_role
    USING (true);

-- task_status_history: readable like the tasks; deleted with them (archive).
DROP POLICY IF EXISTS task_status_history_select ON public.task_status_history;
CREATE POLICY task_status_history_select ON public.task_status_history
    FOR SELECT TO anon, authenticated, service_role
    USING (true);

DROP POLICY IF EXISTS task_status_history_delete_service ON public.task_status_history;
CREATE POLICY task_status_history_delete_service ON public.task_status_history
    FOR DELETE TO service_role
    USING (true);

-- task_alerts: the monitor reads and marks them.
DROP POLICY IF EXISTS task_alerts_select_service ON public.task_alerts;
CREATE POLICY task_alerts_select_service ON public.task_alerts
    FOR SELECT TO service_role
    USING (true);

DROP POLICY IF EXISTS task_alerts_update_service ON public.task_alerts;
CREATE POLICY task_alerts_update_service ON public.task_alerts
    FOR UPDATE TO service_role
    USING (true)
    WITH CHECK (true);

-- task_manager_archive: written and pruned by taskctl archive (as service_role).
DROP POLICY IF EXISTS task_manager_archive_select_service ON public.task_manager_archive;
CREATE POLICY task_manager_archive_select_service ON public.task_manager_archive
    FOR SELECT TO service_role
    USING (true);

DROP POLICY IF EXISTS task_manager_archive_insert_service ON public.task_manager_archive;
CREATE POLICY task_manager_archive_insert_service ON public.task_manager_archive
    FOR INSERT TO service_role
    WITH CHECK (true);

DROP POLICY IF EXISTS task_manager_archive_delete_service ON public.task_manager_archive;
CREATE POLICY task_manager_archive_delete_service ON public.task_manager_archive
    FOR DELETE TO service_role
    USING (true);

-- The status trigger (SECURITY DEFINER) writes as the tables' owner, which FORCE makes
-- subject to RLS unless it is a superuser or BYPASSRLS (a Supabase or managed database:
-- the migrating admin is neither). It inserts history and alerts, and its
-- `ON CONFLICT DO NOTHING` on task_alerts must see existing alerts to find the conflict.
-- The owner's name depends on who ran the migrations, so it is looked up.
DO $owner_policies$
DECLARE
    wanted record;
BEGIN
    FOR wanted IN
        SELECT p.table_name, p.policy_name, p.command, pg_catalog.pg_get_userbyid(c.relowner) AS owner
        FROM (VALUES
            ('task_status_history', 'task_status_history_insert_owner', 'INSERT'),
            ('task_alerts', 'task_alerts_insert_owner', 'INSERT'),
            ('task_alerts', 'task_alerts_select_owner', 'SELECT')
        ) AS p(table_name, policy_name, command)
        JOIN pg_catalog.pg_class c
          ON c.relname = p.table_name AND c.relnamespace = 'public'::regnamespace
    LOOP
        EXECUTE format('DROP POLICY IF EXISTS %I ON public.%I', wanted.policy_name, wanted.table_name);
        EXECUTE format('CREATE POLICY %I ON public.%I FOR %s TO %I %s',
                       wanted.policy_name, wanted.table_name, wanted.command, wanted.owner,
                       CASE wanted.command WHEN 'INSERT' THEN 'WITH CHECK (true)' ELSE 'USING (true)' END);
    END LOOP;
END
$owner_policies$;
