import Postgres
import Testing
import TestSupport

@Suite("PostgresConnection: server errors are classified")
struct PostgresErrorClassificationTests {
    @Test func uniqueViolationNamesTheConstraint() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE uniq (email text CONSTRAINT uniq_email UNIQUE)")
        _ = try connection.query("INSERT INTO uniq VALUES (\("a@example.com"))")
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO uniq VALUES (\("a@example.com"))")
        }
        #expect(error?.code == .uniqueViolation)
        #expect(error?.sqlState == "23505")
        #expect(error?.constraint == "uniq_email")
        #expect(error?.detail?.contains("a@example.com") == true)
        #expect(error?.description.contains("a@example.com") == false)
        #expect(error?.logDescription.contains("uniq_email") == true)
    }

    @Test func integrityViolationsByKind() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: """
            CREATE TEMP TABLE parent (id int PRIMARY KEY);
            CREATE TEMP TABLE child (id int REFERENCES parent, n int NOT NULL CHECK (n > 0));
            INSERT INTO parent VALUES (1);
            """)
        let cases: [(PostgresQuery, PostgresError.Code)] = [
            ("INSERT INTO child VALUES (\(99), \(1))", .foreignKeyViolation),
            ("INSERT INTO child VALUES (\(1), \(-1))", .checkViolation),
            ("INSERT INTO child VALUES (\(1), \(Int?.none))", .notNullViolation),
        ]
        for (query, expected) in cases {
            let error = #expect(throws: PostgresError.self) { try connection.query(query) }
            #expect(error?.code == expected, "\(query.sql)")
        }
    }

    @Test func privilegeDeniedForARoleWithoutGrants() throws {
        let connection = try TestDatabase.connect()
        let role = TestDatabase.uniqueName("norights")
        try connection.execute(script: "CREATE ROLE \(role) NOLOGIN")
        defer { _ = try? connection.execute(script: "DROP ROLE IF EXISTS \(role)") }
        let table = TestDatabase.uniqueName("guarded")
        // Revoked explicitly: a database may grant new tables to roles by default (Supabase does).
        try connection.execute(script: "CREATE TABLE \(table) (n int); REVOKE ALL ON \(table) FROM PUBLIC, \(role)")
        defer { _ = try? connection.execute(script: "DROP TABLE IF EXISTS \(table)") }
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                _ = try connection.query("SELECT set_config('role', \(role), true)")
                return try connection.query(PostgresQuery(unsafeSQL: "SELECT * FROM \(table)"))
            }
        }
        #expect(error?.code == .privilegeDenied)
        #expect(error?.sqlState == "42501")
        #expect(try connection.query("SELECT current_user AS who").rows[0]["who"].string == "postgres")
    }

    @Test func syntaxAndMissingTablesAreSyntaxOrAccess() throws {
        let connection = try TestDatabase.connect()
        for sql in ["SELEC 1", "SELECT * FROM \(TestDatabase.uniqueName("missing"))"] {
            let error = #expect(throws: PostgresError.self) { try connection.query(PostgresQuery(unsafeSQL: sql)) }
            #expect(error?.code == .syntaxOrAccess, "\(sql)")
            #expect(error?.sql == sql)
            #expect(error?.description.contains(sql) == false)
        }
        #expect(try connection.query("SELECT 2 AS two").rows[0]["two"].int == 2)
    }

    @Test func raiseExceptionIsRaisedWithItsMessage() throws {
        let connection = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) {
            try connection.execute(script: "DO $$ BEGIN RAISE EXCEPTION 'task is terminal'; END $$")
        }
        #expect(error?.code == .raised)
        #expect(error?.serverMessage == "task is terminal")
    }

    @Test func statementTimeoutIsQueryCanceled() throws {
        let connection = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                _ = try connection.query("SELECT set_config('statement_timeout', '50', true)")
                return try connection.query("SELECT pg_sleep(5)")
            }
        }
        #expect(error?.code == .queryCanceled)
    }
}
