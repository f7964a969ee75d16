-- Applying every migration file again changes nothing: same columns, defaults,
-- constraints, indexes, triggers, functions, policies, grants and role attributes.
-- (The Swift MigrationTests check the same with pg_dump, through the real runner.)
BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(3);

CREATE TEMP VIEW taskmgr_schema_fingerprint AS
SELECT 'column' AS kind, table_name || '.' || column_name || ' ' || data_type
       || coalesce('(' || character_maximum_length || ')', '') || ' null=' || is_nullable
       || ' default=' || coalesce(column_default, '-') AS item
FROM information_schema.columns
WHERE table_schema = 'public' AND table_name LIKE 'task%'
UNION ALL
SELECT 'constraint', conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(oid)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL
SELECT 'index', indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'trigger', tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
UNION ALL
SELECT 'function', p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid)) || ' ' || coalesce(p.proacl::text, '-')
FROM pg_proc p
WHERE (p.pronamespace = 'auth'::regnamespace AND p.proname IN ('uid', 'role', 'jwt'))
   OR (p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'task\_manager\_%')
UNION ALL
SELECT 'policy', tablename || '.' || policyname || ' ' || cmd || ' ' || roles::text || ' '
       || coalesce(qual, '-') || ' ' || coalesce(with_check, '-')
FROM pg_policies WHERE schemaname = 'public'
UNION ALL
SELECT 'acl', relname || ' ' || coalesce(relacl::text, '-') || ' rls=' || relrowsecurity || '/' || relforcerowsecurity
FROM pg_class WHERE relnamespace = 'public'::regnamespace
UNION ALL
SELECT 'role', rolname || ' ' || rolsuper || rolinherit || rolcanlogin || rolbypassrls
       || ' in ' || coalesce((SELECT string_agg(m.roleid::regrole::text, ',' ORDER BY m.roleid::regrole::text)
                              FROM pg_auth_members m WHERE m.member = r.oid), '-')
FROM pg_roles r WHERE rolname IN ('anon', 'authenticated', 'service_role', 'taskmgr_api', 'taskmgr_monitor');

CREATE TEMP TABLE fingerprint_before AS SELECT * FROM taskmgr_schema_fingerprint;
SELECT ok((SELECT count(*) FROM fingerprint_before) > 100, 'the fingerprint sees the schema');

\ir ../0001_roles.sql
\ir ../0002_auth_helpers.sql
\ir ../0003_task_manager.sql
\ir ../0004_history_alerts_archive.sql
\ir ../0005_row_level_security.sql
\ir ../0006_lease_updates_stay_hot.sql

SELECT set_eq($$SELECT * FROM taskmgr_schema_fingerprint$$, $$SELECT * FROM fingerprint_before$$,
    'applying every migration again changes nothing');
SELECT is((SELECT count(*)::int FROM pg_policies WHERE schemaname = 'public'),
    (SELECT count(*)::int FROM fingerprint_before WHERE kind = 'policy'),
    'no policy was added twice');

SELECT * FROM finish();
ROLLBACK;
