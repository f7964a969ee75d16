import Postgres
import Testing
import TestSupport

@Suite("PostgresConnection: transactions")
struct PostgresTransactionTests {
    struct Abort: Error {}

    /// A connection with an empty temporary table `items (n int primary key)`.
    private func connectionWithTable() throws -> PostgresConnection {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE items (n int PRIMARY KEY)")
        return connection
    }

    private func count(_ connection: PostgresConnection) throws -> Int? {
        try connection.query("SELECT count(*) AS n FROM items").rows[0]["n"].int
    }

    @Test func commitsWhenTheBodyReturns() throws {
        let connection = try connectionWithTable()
        let value = try connection.transaction { connection in
            _ = try connection.query("INSERT INTO items VALUES (\(1)), (\(2))")
            return "done"
        }
        #expect(value == "done")
        #expect(try count(connection) == 2)
    }

    @Test func rollsBackAndRethrowsWhenTheBodyThrows() throws {
        let connection = try connectionWithTable()
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                _ = try connection.query("INSERT INTO items VALUES (\(1))")
                throw Abort()
            }
        }
        #expect(try count(connection) == 0)
        #expect(try connection.query("SELECT 1 AS ok").rows.count == 1)
    }

    @Test func aCaughtDatabaseErrorStillFailsTheTransaction() throws {
        let connection = try connectionWithTable()
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                _ = try connection.query("INSERT INTO items VALUES (\(1))")
                _ = try? connection.query("INSERT INTO items VALUES (\(1))")  // swallowed unique violation
            }
        }
        #expect(error?.sqlState == "25P02")
        #expect(try count(connection) == 0)
    }

    @Test func nestedTransactionRollsBackOnlyItsOwnPart() throws {
        let connection = try connectionWithTable()
        try connection.transaction { connection in
            _ = try connection.query("INSERT INTO items VALUES (\(1))")
            #expect(throws: PostgresError.self) {
                try connection.transaction { connection in
                    _ = try connection.query("INSERT INTO items VALUES (\(2))")
                    _ = try connection.query("INSERT INTO items VALUES (\(1))")  // unique violation
                }
            }
            _ = try connection.query("INSERT INTO items VALUES (\(3))")
        }
        let values = try connection.query("SELECT n FROM items ORDER BY n").rows.map { $0["n"].int }
        #expect(values == [1, 3])
    }

    @Test func commitTimeFailureIsThrown() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: """
            CREATE TEMP TABLE deferred (n int UNIQUE DEFERRABLE INITIALLY DEFERRED)
            """)
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                _ = try connection.query("INSERT INTO deferred VALUES (\(1)), (\(1))")
            }
        }
        #expect(error?.code == .uniqueViolation)
        #expect(try connection.query("SELECT count(*) AS n FROM deferred").rows[0]["n"].int == 0)
    }

    @Test func reconnectIfNeededRollsBackATransactionLeftOpen() throws {
        let connection = try connectionWithTable()
        _ = try connection.query("BEGIN")
        _ = try connection.query("INSERT INTO items VALUES (\(1))")
        try connection.reconnectIfNeeded()
        #expect(try count(connection) == 0)
    }
}
