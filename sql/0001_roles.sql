-- 0001 roles: the Supabase API roles and taskmgr's two login roles.
--
-- anon, authenticated and service_role are NOLOGIN, as in Supabase; on a Supabase
-- database they already exist and are left as they are. The executables log in as
-- taskmgr_api (routes) or taskmgr_monitor (monitor, archive) and can do nothing
-- themselves: they are NOINHERIT, so they only get privileges by `SET ROLE` to a role
-- they were granted (PostgREST's "authenticator" pattern). Neither is superuser,
-- BYPASSRLS or owner of anything, so row-level security always decides.
-- No passwords here: admins set them (`ALTER ROLE … PASSWORD`); local runs use trust
-- on a unix socket.
--
-- Safe to run twice, and from two sessions at once (a concurrent CREATE ROLE that loses
-- the race is treated as "already there").

DO $roles$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = wanted) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', wanted);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;

    FOREACH wanted IN ARRAY ARRAY['taskmgr_api', 'taskmgr_monitor'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = wanted) THEN
            BEGIN
                EXECUTE format(
                    'CREATE ROLE %I LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS',
                    wanted);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
        -- A login role someone widened by hand is narrowed again: the whole design relies
        -- on these roles being unable to skip row-level security.
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                   WHERE rolname = wanted AND (rolsuper OR rolbypassrls OR rolinherit)) THEN
            EXECUTE format('ALTER ROLE %I NOSUPERUSER NOBYPASSRLS NOINHERIT', wanted);
        END IF;
    END LOOP;
END
$roles$;

-- Which API roles each login role may switch to.
DO $memberships$
DECLARE
    grant_pair text[];
BEGIN
    FOREACH grant_pair SLICE 1 IN ARRAY ARRAY[
        ARRAY['anon', 'taskmgr_api'],
        ARRAY['authenticated', 'taskmgr_api'],
        ARRAY['service_role', 'taskmgr_api'],
        ARRAY['service_role', 'taskmgr_monitor']
    ] LOOP
        IF NOT pg_catalog.pg_has_role(grant_pair[2], grant_pair[1], 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', grant_pair[1], grant_pair[2]);
            EXCEPTION WHEN unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$memberships$;
