import Foundation
import Postgres
import Testing

/// The database the test harness (`.ci/test`) started: `PGHOST`, `PGPORT`, `PGDATABASE`
/// and `PGUSER=postgres` (a superuser, for set-up and assertions). Tests connect as other
/// roles (`taskmgr_api`, `taskmgr_monitor`) by passing `user:`.
///
/// A test that needs the database and finds no `PGHOST` (nor `DATABASE_URL`) fails with a
/// message saying how to run it — it is never skipped silently.
public enum TestDatabase {
    /// Why a database test could not run.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    static let missingMessage = """
        PGHOST is not set: database tests need the PostgreSQL cluster that .ci/test starts \
        (run the tests with .ci/test, or export PGHOST/PGPORT/PGUSER/PGDATABASE for a cluster of your own)
        """

    /// Whether the environment names a database at all.
    public static var isConfigured: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["PGHOST"]?.isEmpty == false || env["DATABASE_URL"]?.isEmpty == false
    }

    /// Settings for the harness database, logging in as `user` (default: `PGUSER`).
    /// Records a test failure (at the caller) when `PGHOST` is missing.
    public static func settings(
        user: String? = nil,
        database: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ConnectionSettings {
        if !isConfigured {
            Issue.record(Comment(rawValue: missingMessage), sourceLocation: sourceLocation)
        }
        var env = ProcessInfo.processInfo.environment
        if let database {
            env["DATABASE_URL"] = nil
            env["PGDATABASE"] = database
        }
        return ConnectionSettings.fromEnvironment(env, user: user, applicationName: "taskmgr-tests")
    }

    /// A connection to the harness database as `user`; throws `Unavailable` (after recording
    /// a test failure) when `PGHOST` is missing, or the connect error.
    public static func connect(
        user: String? = nil,
        database: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> PostgresConnection {
        guard isConfigured else {
            Issue.record(Comment(rawValue: missingMessage), sourceLocation: sourceLocation)
            throw Unavailable(description: missingMessage)
        }
        return try PostgresConnection(settings(user: user, database: database, sourceLocation: sourceLocation))
    }

    /// A name no other test (or test run) uses, for temporary tables, roles and databases:
    /// `prefix_` plus 12 random hex digits, lower case, a valid unquoted identifier.
    public static func uniqueName(_ prefix: String = "t") -> String {
        let random = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return "\(prefix)_\(random.prefix(12))"
    }

    /// Runs `body` with a fresh empty database (created from template0, dropped afterwards,
    /// even when `body` throws), for tests that must not share the harness database.
    /// `body` gets that database's name; connect with `settings(user:database:)`.
    public static func withScratchDatabase<T>(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (String) throws -> T
    ) throws -> T {
        let admin = try connect(sourceLocation: sourceLocation)
        let name = uniqueName("taskmgr_scratch")
        try admin.execute(script: "CREATE DATABASE \(PostgresQuery.quoteIdentifier(name)) TEMPLATE template0")
        defer {
            _ = try? admin.execute(script: "DROP DATABASE IF EXISTS \(PostgresQuery.quoteIdentifier(name)) WITH (FORCE)")
        }
        return try body(name)
    }
}
