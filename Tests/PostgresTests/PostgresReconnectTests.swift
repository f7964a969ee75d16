import Postgres
import Testing
import TestSupport

@Suite("PostgresConnection: a terminated backend is noticed and replaced")
struct PostgresReconnectTests {
    /// Kills `connection`'s server process from another session and waits until it is gone.
    private func terminateBackend(of connection: PostgresConnection) throws {
        let admin = try TestDatabase.connect()
        let pid = connection.backendPID
        let result = try admin.query("SELECT pg_terminate_backend(\(pid), \(5000)) AS done")
        #expect(result.rows[0]["done"].bool == true)
    }

    private let probe: PostgresQuery = "SELECT \(41)::int + 1 AS answer"

    @Test func queryAfterTerminationThrowsThenReconnectRestoresService() throws {
        let connection = try TestDatabase.connect()
        #expect(try connection.query(probe).rows[0]["answer"].int == 42)
        let oldPID = connection.backendPID
        try terminateBackend(of: connection)

        let error = #expect(throws: PostgresError.self) { try connection.query(probe) }
        #expect(error?.isConnectionProblem == true)
        #expect(error?.code == .connectionLost)

        try connection.reconnectIfNeeded()
        #expect(connection.isConnected)
        #expect(connection.backendPID != oldPID)
        #expect(try connection.query(probe).rows[0]["answer"].int == 42)
        let prepared = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = \(probe.sql)")
        #expect(prepared.rows[0]["n"].int == 1)
        #expect(try connection.query("SELECT current_setting('TimeZone') AS tz").rows[0]["tz"].string == "UTC")
    }

    @Test func nextCallReconnectsByItselfOutsideTransactions() throws {
        let connection = try TestDatabase.connect()
        _ = try connection.query(probe)
        try terminateBackend(of: connection)
        #expect(throws: PostgresError.self) { try connection.query(probe) }
        #expect(try connection.query(probe).rows[0]["answer"].int == 42)
    }

    @Test func pipelineAfterTerminationThrowsThenWorks() throws {
        let connection = try TestDatabase.connect()
        _ = try connection.pipeline([probe, "SELECT 1 AS one"])
        try terminateBackend(of: connection)
        let error = #expect(throws: PostgresError.self) { try connection.pipeline([probe, "SELECT 1 AS one"]) }
        #expect(error?.isConnectionProblem == true)
        try connection.reconnectIfNeeded()
        let results = try connection.pipeline([probe, "SELECT 1 AS one"])
        #expect(results[0].rows[0]["answer"].int == 42)
        #expect(results[1].rows[0]["one"].int == 1)
    }

    @Test func lostConnectionInsideATransactionIsNotSilentlyReplaced() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE lost (n int)")
        var secondError: PostgresError?
        #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                _ = try connection.query("INSERT INTO lost VALUES (\(1))")
                try terminateBackend(of: connection)
                _ = try? connection.query(probe)  // fails: connection lost
                do {
                    _ = try connection.query(probe)  // must not run outside the transaction
                } catch let error as PostgresError {
                    secondError = error
                    throw error
                }
            }
        }
        #expect(secondError?.code == .connectionLost)
        try connection.reconnectIfNeeded()
        #expect(try connection.query(probe).rows[0]["answer"].int == 42)
    }

    @Test func explicitReconnectInsideATransactionDoesNotLetTheRestRunUnprotected() throws {
        let connection = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("half_done")
        try connection.execute(script: "CREATE TABLE \(table) (n int)")
        defer { _ = try? connection.execute(script: "DROP TABLE IF EXISTS \(table)") }
        let insert = { (n: Int) in PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES ($1)", binds: [String(n)]) }
        var laterError: PostgresError?
        let commitError = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                _ = try connection.query(insert(1))
                try terminateBackend(of: connection)
                _ = try? connection.query(probe)
                try connection.reconnectIfNeeded()
                do { _ = try connection.query(insert(2)) } catch let error as PostgresError { laterError = error }
            }
        }
        #expect(commitError?.code == .connectionLost)
        #expect(laterError?.code == .connectionLost)
        let rows = try connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table)"))
        #expect(rows.rows[0]["n"].int == 0)
    }

    @Test func reconnectOnAHealthyConnectionKeepsTheSession() throws {
        let connection = try TestDatabase.connect()
        let pid = connection.backendPID
        try connection.reconnectIfNeeded()
        #expect(connection.backendPID == pid)
    }
}
