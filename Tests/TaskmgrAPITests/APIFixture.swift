import Foundation
import Postgres
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A migrated database of its own plus the whole front (nginx and every route) in front of it,
/// shared by the tests of one suite. A private database lets a test count rows without
/// another suite's inserts getting in the way.
final class APIFixture: @unchecked Sendable {
    let database: String
    let stack: TestStack
    private let lock = NSLock()
    private let admin: PostgresConnection

    init() throws {
        database = TestDatabase.uniqueName("taskmgr_api")
        let setup = try TestDatabase.connect()
        try setup.execute(script: "CREATE DATABASE \(PostgresQuery.quoteIdentifier(database)) TEMPLATE template0")
        let migrate = try ProcessRunner.run(
            try PackagePaths.requireExecutable("taskctl"), arguments: ["migrate", "--sql-dir", PackagePaths.root + "/sql"],
            environment: ProcessRunner.environment(adding: ["PGDATABASE": database, "DATABASE_URL": nil]), timeout: 60)
        guard migrate.succeeded else { throw TestSupportError("taskctl migrate failed: \(migrate.standardErrorText)") }
        admin = try TestDatabase.connect(database: database)
        stack = try TestStack.start(environment: ["PGDATABASE": database])
        APIFixture.register(self)
    }

    /// Runs SQL as the superuser in the fixture's database (for set-up and assertions).
    func sql(_ query: PostgresQuery) throws -> PostgresResult {
        lock.lock()
        defer { lock.unlock() }
        return try admin.query(query)
    }

    /// A single value, as text.
    func scalar(_ query: PostgresQuery) throws -> String? {
        try sql(query).rows.first?[0].string
    }

    func stop() {
        stack.stop()
        if let setup = try? TestDatabase.connect() {
            _ = try? setup.execute(script: "DROP DATABASE IF EXISTS \(PostgresQuery.quoteIdentifier(database)) WITH (FORCE)")
        }
    }

    // Shared fixtures live for the whole test process; stop their nginx and routes when it ends,
    // so no server outlives the run.
    nonisolated(unsafe) private static var live: [APIFixture] = []
    private static let registration = NSLock()
    private static func register(_ fixture: APIFixture) {
        registration.lock()
        defer { registration.unlock() }
        if live.isEmpty { atexit { APIFixture.stopAll() } }
        live.append(fixture)
    }

    private static func stopAll() {
        registration.lock()
        let fixtures = live
        live = []
        registration.unlock()
        fixtures.forEach { $0.stop() }
    }
}

/// One fixture per suite that wants to share it, created on first use.
enum SharedFixtures {
    static let routes = Result { try APIFixture() }
    static let malformedInput = Result { try APIFixture() }
}

extension HTTPTestResponse {
    /// A string field of the JSON body.
    func string(_ key: String) -> String? { jsonObject?[key] as? String }
    func int(_ key: String) -> Int? { jsonObject?[key] as? Int }
}
