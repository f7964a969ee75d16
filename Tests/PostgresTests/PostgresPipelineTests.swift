import Postgres
import Testing
import TestSupport

@Suite("PostgresConnection: pipelines")
struct PostgresPipelineTests {
    /// Makes sure the NOLOGIN role `anon` exists (the migrations create it; a bare dev
    /// cluster may not have it).
    private func ensureAnonRole(_ connection: PostgresConnection) throws {
        do {
            try connection.execute(script: """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN; END IF;
                END $$
                """)
        } catch let error where error.code == .uniqueViolation {
            // another test created it at the same moment
        }
    }

    @Test func resultsComeBackInOrder() throws {
        let connection = try TestDatabase.connect()
        let results = try connection.pipeline([
            "SELECT \(1)::int AS n",
            "SELECT \("two") AS s",
            "SELECT \(1)::int AS n",  // same SQL twice: prepared once
            "SELECT generate_series(1, \(3)) AS g",
        ])
        #expect(results.count == 4)
        #expect(results[0].rows[0]["n"].int == 1)
        #expect(results[1].rows[0]["s"].string == "two")
        #expect(results[2].rows[0]["n"].int == 1)
        #expect(results[3].rows.map { $0["g"].int } == [1, 2, 3])
        #expect(try connection.pipeline([]).isEmpty)
    }

    @Test func isOneImplicitTransaction() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE piped (n int PRIMARY KEY)")
        let error = #expect(throws: PostgresError.self) {
            try connection.pipeline([
                "INSERT INTO piped VALUES (\(1))",
                "INSERT INTO piped VALUES (\(2))",
                "INSERT INTO piped VALUES (\(1))",
                "INSERT INTO piped VALUES (\(3))",
            ])
        }
        #expect(error?.code == .uniqueViolation)
        #expect(try connection.query("SELECT count(*) AS n FROM piped").rows[0]["n"].int == 0)
        _ = try connection.pipeline(["INSERT INTO piped VALUES (\(1))", "INSERT INTO piped VALUES (\(2))"])
        #expect(try connection.query("SELECT count(*) AS n FROM piped").rows[0]["n"].int == 2)
    }

    @Test func roleSetInThePipelineIsScopedToIt() throws {
        let connection = try TestDatabase.connect()
        try ensureAnonRole(connection)
        let table = TestDatabase.uniqueName("pipeline_rls")
        // Revoked explicitly: a database may grant new tables to `anon` by default (Supabase does).
        try connection.execute(script: "CREATE TABLE \(table) (n int); REVOKE ALL ON \(table) FROM PUBLIC, anon")
        defer { _ = try? connection.execute(script: "DROP TABLE IF EXISTS \(table)") }
        let loginRole = try connection.query("SELECT current_user AS who").rows[0]["who"].string

        let error = #expect(throws: PostgresError.self) {
            try connection.pipeline([
                PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES ($1)", binds: ["1"]),
                "SELECT set_config('role', \("anon"), true)",
                PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES ($1)", binds: ["2"]),
            ])
        }
        #expect(error?.code == .privilegeDenied)
        let inserted = try connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table)"))
        #expect(inserted.rows[0]["n"].int == 0)
        let after = try connection.query("SELECT current_user AS who, current_setting('role') AS role").rows[0]
        #expect(after["who"].string == loginRole)
        #expect(after["role"].string == "none")
    }

    @Test func rolePersistsWithinThePipelineWhenItSucceeds() throws {
        let connection = try TestDatabase.connect()
        try ensureAnonRole(connection)
        let results = try connection.pipeline([
            "SELECT set_config('role', \("anon"), true)",
            "SELECT current_user AS who",
        ])
        #expect(results[1].rows[0]["who"].string == "anon")
        #expect(try connection.query("SELECT current_user AS who").rows[0]["who"].string != "anon")
    }

    @Test func statementsFromAFailedPipelineStillWorkAfterwards() throws {
        let connection = try TestDatabase.connect()
        #expect(throws: PostgresError.self) {
            try connection.pipeline([
                "SELECT \(1)::int / \(0)::int AS boom",
                "SELECT \("after")::text AS s",
            ])
        }
        let again = try connection.pipeline(["SELECT \(6)::int / \(3)::int AS boom", "SELECT \("after")::text AS s"])
        #expect(again[0].rows[0]["boom"].int == 2)
        #expect(again[1].rows[0]["s"].string == "after")
        #expect(try connection.query("SELECT \("after")::text AS s").rows[0]["s"].string == "after")
    }

    @Test func syntaxErrorInPreparationFailsThePipelineCleanly() throws {
        let connection = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) {
            try connection.pipeline(["SELECT 1", "SELEC 2"])
        }
        #expect(error?.code == .syntaxOrAccess)
        #expect(try connection.query("SELECT 3 AS n").rows[0]["n"].int == 3)
    }

    @Test func pipelineInsideATransactionJoinsIt() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE joined (n int)")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                _ = try connection.pipeline(["INSERT INTO joined VALUES (\(1))", "INSERT INTO joined VALUES (\(2))"])
                throw Abort()
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM joined").rows[0]["n"].int == 0)
    }

    @Test func nulByteIsRefusedBeforeAnythingIsSent() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE nul_guard (s text)")
        let error = #expect(throws: PostgresError.self) {
            try connection.pipeline(["INSERT INTO nul_guard VALUES (\("ok"))", "INSERT INTO nul_guard VALUES (\("a\u{0}b"))"])
        }
        #expect(error?.code == .invalidInput)
        #expect(try connection.query("SELECT count(*) AS n FROM nul_guard").rows[0]["n"].int == 0)
    }
}
