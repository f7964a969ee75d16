import Foundation
@testable import Postgres
import Testing
import TestSupport

@Suite("PostgresConnection: server notices")
struct PostgresNoticeTests {
    /// Collects what the connection's warning sink receives.
    final class Received {
        var warnings: [(sqlState: String?, message: String?)] = []
    }

    private let raiseBoth = """
        DO $$ BEGIN
          RAISE WARNING 'disk almost full';
          RAISE NOTICE 'relation already exists, skipping';
        END $$
        """

    @Test func warningsReachTheSinkAndNoticesAreDropped() throws {
        let connection = try TestDatabase.connect()
        let received = Received()
        connection.receiveWarnings { received.warnings.append(($0, $1)) }
        try connection.execute(script: raiseBoth)
        #expect(received.warnings.count == 1)
        #expect(received.warnings.first?.sqlState == "01000")
        #expect(received.warnings.first?.message == "disk almost full")
    }

    @Test func sinkSurvivesAReconnect() throws {
        let connection = try TestDatabase.connect()
        let received = Received()
        connection.receiveWarnings { received.warnings.append(($0, $1)) }
        let admin = try TestDatabase.connect()
        _ = try admin.query("SELECT pg_terminate_backend(\(connection.backendPID), \(5000))")
        #expect(throws: PostgresError.self) { try connection.execute(script: "SELECT 1") }
        try connection.reconnectIfNeeded()
        try connection.execute(script: raiseBoth)
        #expect(received.warnings.map(\.message) == ["disk almost full"])
    }

    @Test func logLineHasTheSharedShapeOnOneLine() {
        let line = ServerWarningLog.line(sqlState: "01000", message: "two\nlines", at: Date(timeIntervalSince1970: 1_796_000_523.9))
        #expect(line == "2026-11-30T01:02:03Z warning postgres: event=server_warning sqlstate=01000 two lines\n")
    }
}
