import Foundation
import Postgres
import Testing
import TestSupport
@testable import TaskmgrCore

/// The migrations applied to a database that already runs the original n8n/Supabase set-up:
/// the seed table with rows, Supabase's own auth helpers, the original permissive INSERT
/// policy and Supabase's "ALL to every API role" grants.
@Suite struct MigrationOverSupabaseTests {
    /// The state before taskmgr: the seed migration as it was run on Supabase.
    static let supabaseSeed = """
        CREATE SCHEMA auth;
        CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
          SELECT coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                 (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid $$;
        CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
          SELECT coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
                 (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text $$;
        CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
          SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                 nullif(current_setting('request.jwt.claims', true), ''))::jsonb $$;
        COMMENT ON FUNCTION auth.uid() IS 'Supabase''s own';
        CREATE TABLE task_manager (
          task_id VARCHAR(50) PRIMARY KEY, status VARCHAR(20) NOT NULL DEFAULT 'pending',
          external_id VARCHAR(255), poll_url TEXT, poll_method VARCHAR(10) DEFAULT 'GET',
          task_type VARCHAR(50), result JSONB, error_message TEXT,
          created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
          attempt_count INTEGER DEFAULT 0, max_attempts INTEGER DEFAULT 10, timeout_minutes INTEGER DEFAULT 120,
          metadata JSONB, user_id UUID);
        CREATE INDEX idx_task_status ON task_manager (status);
        INSERT INTO task_manager (task_id, status, created_at, updated_at, timeout_minutes) VALUES
          ('old-open', 'pending', '2026-01-01 00:00+00', '2026-01-01 00:00+00', 60),
          ('old-done', 'completed', '2026-01-01 00:00+00', '2026-01-02 00:00+00', NULL);
        ALTER TABLE task_manager ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "Enable insert for authenticated users" ON task_manager FOR INSERT
          WITH CHECK (auth.role() IN ('authenticated', 'service_role') OR auth.jwt() IS NOT NULL);
        GRANT ALL ON task_manager TO anon, authenticated, service_role;
        """

    @Test func keepsTheRowsAndHelpersAndClosesTheOriginalInsertHole() throws {
        let migrations = try MigrationDirectory.load(PackagePaths.root + "/sql")
        try TestDatabase.withScratchDatabase { database in
            let admin = try PostgresConnection(TestDatabase.settings(database: database))
            try admin.execute(script: Self.supabaseSeed)
            let outcomes = try MigrationRunner(connection: admin).apply(migrations)
            #expect(outcomes.allSatisfy { $0.1 == .applied })

            let rows = try admin.query("""
                SELECT task_id, deadline_at::text AS deadline, finished_at::text AS finished
                FROM task_manager ORDER BY task_id
                """).rows
            #expect(rows.map { $0["task_id"].string } == ["old-done", "old-open"])
            #expect(rows.last?["deadline"].string == "2026-01-01 01:00:00+00", "created_at + its timeout")
            #expect(rows.first?["deadline"].string == "2026-01-01 02:00:00+00", "a NULL timeout counts as 120 minutes")
            #expect(rows.first?["finished"].string == "2026-01-02 00:00:00+00", "finished rows get finished_at")

            let facts = try admin.query("""
                SELECT obj_description('auth.uid()'::regprocedure, 'pg_proc') AS uid_comment,
                       (SELECT count(*) FROM pg_policies WHERE tablename = 'task_manager'
                        AND policyname = 'Enable insert for authenticated users')::int AS original_policies,
                       has_table_privilege('anon', 'task_manager', 'INSERT') AS anon_insert,
                       has_table_privilege('authenticated', 'task_manager', 'UPDATE') AS authenticated_update,
                       has_table_privilege('anon', 'task_manager', 'SELECT') AS anon_select
                """).rows.first
            #expect(facts?["uid_comment"].string == "Supabase's own", "existing auth helpers are left alone")
            #expect(facts?["original_policies"].int == 0, "the original permissive INSERT policy is gone")
            #expect(facts?["anon_insert"].bool == false)
            #expect(facts?["authenticated_update"].bool == false)
            #expect(facts?["anon_select"].bool == true)

            // What the original policy allowed and taskmgr's refuses: any JWT could insert,
            // so a user's token could create tasks for another user.
            let claims = #"{"role":"authenticated","sub":"11111111-1111-1111-1111-111111111111"}"#
            #expect(throws: PostgresError.self) {
                try admin.transaction { connection in
                    _ = try connection.query("SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', \(claims), true)")
                    _ = try connection.query("""
                        INSERT INTO task_manager (task_id, user_id) VALUES ('other', '22222222-2222-2222-2222-222222222222')
                        """)
                }
            }
            let own = try admin.transaction { connection in
                _ = try connection.query("SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', \(claims), true)")
                return try connection.query("""
                    INSERT INTO task_manager (task_id, user_id) VALUES ('own', '11111111-1111-1111-1111-111111111111')
                    RETURNING task_id
                    """)
            }
            #expect(own.rows.count == 1, "the same token may create its own user's task")
        }
    }
}
