import Foundation
import Postgres
import Testing
import TestSupport

@Suite("PostgresConnection: connecting")
struct PostgresConnectionTests {
    @Test func connectsWithPGVariablesInUTC() throws {
        let connection = try TestDatabase.connect()
        #expect(connection.isConnected)
        let row = try connection.query("SELECT current_setting('TimeZone') AS tz, current_setting('application_name') AS app, now()::text AS now").rows[0]
        #expect(row["tz"].string == "UTC")
        #expect(row["app"].string == "taskmgr-tests")
        #expect(row["now"].string?.hasSuffix("+00") == true)
    }

    @Test func connectsWithDatabaseURL() throws {
        let env = ProcessInfo.processInfo.environment
        let host = try #require(env["PGHOST"], "PGHOST is needed to build a URL")
        let encodedHost = host.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? host
        let url = "postgresql:///\(env["PGDATABASE"] ?? "taskmgr")?host=\(encodedHost)&port=\(env["PGPORT"] ?? "5432")&application_name=from-url"
        let settings = ConnectionSettings.fromEnvironment(["DATABASE_URL": url], user: env["PGUSER"] ?? "postgres")
        let connection = try PostgresConnection(settings)
        let row = try connection.query("SELECT current_user AS who, current_setting('application_name') AS app, current_setting('TimeZone') AS tz").rows[0]
        #expect(row["who"].string == (env["PGUSER"] ?? "postgres"))
        #expect(row["app"].string == "from-url")
        #expect(row["tz"].string == "UTC")
    }

    @Test func malformedURLIsConnectionFailedWithSafeDescription() {
        let settings = ConnectionSettings.fromEnvironment(["DATABASE_URL": "postgresql://user:s3cret@[broken/db"])
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(settings) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.serverMessage?.isEmpty == false)
        #expect(error?.description.contains("s3cret") == false)
        #expect(error?.description.contains("broken") == false)
    }

    @Test func unreachableServerIsConnectionFailedWithSafeDescription() {
        let settings = ConnectionSettings.fromEnvironment([
            "PGHOST": "/nonexistent/taskmgr-socket-dir", "PGPORT": "1", "PGUSER": "nobody", "PGDATABASE": "nothing",
            "PGCONNECT_TIMEOUT": "2",
        ])
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(settings) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isConnectionProblem == true)
        #expect(error?.serverMessage?.contains("taskmgr-socket-dir") == true)
        #expect(error?.description.contains("taskmgr-socket-dir") == false)
        #expect(error?.description.contains("nobody") == false)
    }

    @Test func unknownLoginRoleIsConnectionFailed() throws {
        _ = try TestDatabase.connect()  // the server itself is reachable
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(TestDatabase.settings(user: TestDatabase.uniqueName("no_such_role")))
        }
        #expect(error?.code == .connectionFailed)
    }

    @Test func eachDistinctSQLIsPreparedOncePerConnection() throws {
        let connection = try TestDatabase.connect()
        for value in 1...3 {
            #expect(try connection.query("SELECT \(value)::int + 1 AS n").rows[0]["n"].int == value + 1)
        }
        let prepared = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = 'SELECT $1::int + 1 AS n'")
        #expect(prepared.rows[0]["n"].int == 1)
    }

    @Test func affectedRowsAndCommandTag() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE counted (n int)")
        let inserted = try connection.query("INSERT INTO counted SELECT generate_series(1, \(4))")
        #expect(inserted.affectedRows == 4)
        #expect(inserted.commandTag == "INSERT 0 4")
        let updated = try connection.query("UPDATE counted SET n = n * 10 WHERE n > \(1)")
        #expect(updated.affectedRows == 3)
        let selected = try connection.query("SELECT n FROM counted ORDER BY n")
        #expect(selected.columns == ["n"])
        #expect(selected.rows.map { $0["n"].int } == [1, 20, 30, 40])
        #expect(try connection.query("SELECT 1 WHERE false").rows.isEmpty)
    }

    @Test func scriptRunsSeveralStatementsAsOneTransaction() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE scripted (n int PRIMARY KEY); INSERT INTO scripted VALUES (1);")
        let error = #expect(throws: PostgresError.self) {
            try connection.execute(script: "INSERT INTO scripted VALUES (2); INSERT INTO scripted VALUES (1);")
        }
        #expect(error?.code == .uniqueViolation)
        #expect(try connection.query("SELECT count(*) AS n FROM scripted").rows[0]["n"].int == 1)
    }
}

@Suite("PostgresConnection: prepared statements that go stale")
struct PostgresPreparedStatementTests {
    @Test func discardAllIsSurvived() throws {
        let connection = try TestDatabase.connect()
        let query: PostgresQuery = "SELECT \(5)::int AS n"
        #expect(try connection.query(query).rows[0]["n"].int == 5)
        _ = try connection.pipeline([query])
        try connection.execute(script: "DISCARD ALL")
        #expect(try connection.query(query).rows[0]["n"].int == 5)
        try connection.execute(script: "DISCARD ALL")
        #expect(try connection.pipeline([query])[0].rows[0]["n"].int == 5)
    }

    @Test func tableChangedUnderAPreparedSelectStar() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE reshaped (a int); INSERT INTO reshaped VALUES (1);")
        let query: PostgresQuery = "SELECT * FROM reshaped WHERE a = \(1)"
        #expect(try connection.query(query).columns == ["a"])
        try connection.execute(script: "ALTER TABLE reshaped ADD COLUMN b text DEFAULT 'x'")
        let after = try connection.query(query)
        #expect(after.columns == ["a", "b"])
        #expect(after.rows[0]["b"].string == "x")
    }

    @Test func manyDistinctTextsStayCorrectPastTheCacheLimit() throws {
        let connection = try TestDatabase.connect()
        for n in 0..<300 {
            let query = PostgresQuery(unsafeSQL: "SELECT $1::int + \(n) AS n", binds: ["1"])
            #expect(try connection.query(query).rows[0]["n"].int == n + 1)
        }
        let prepared = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements").rows[0]["n"].int
        #expect(prepared == 256)
    }
}

@Suite("TestDatabase: scratch databases")
struct TestDatabaseTests {
    @Test func scratchDatabaseIsFreshAndDroppedAfterwards() throws {
        let name = try TestDatabase.withScratchDatabase { name in
            let connection = try PostgresConnection(TestDatabase.settings(database: name))
            #expect(try connection.query("SELECT current_database() AS db").rows[0]["db"].string == name)
            let tables = try connection.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")
            #expect(tables.rows[0]["n"].int == 0)
            return name
        }
        let admin = try TestDatabase.connect()
        #expect(try admin.query("SELECT count(*) AS n FROM pg_database WHERE datname = \(name)").rows[0]["n"].int == 0)
    }
}
