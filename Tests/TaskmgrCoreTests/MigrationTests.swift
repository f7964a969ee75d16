import Foundation
import Postgres
import Testing
import TestSupport
@testable import TaskmgrCore

/// The migration runner against real, throw-away databases in the harness cluster:
/// applying twice or twice at once gives one schema, failures roll back with their
/// version row, and the files in sql/ are what the runner expects.
@Suite struct MigrationTests {
    static let sqlDirectory = PackagePaths.root + "/sql"

    @Test func sqlDirectoryHoldsContiguousVersions() throws {
        let migrations = try MigrationDirectory.load(Self.sqlDirectory)
        #expect(migrations.count >= 5)
        #expect(migrations.map(\.version) == Array(1...migrations.count))
        #expect(migrations.first?.name == "0001_roles")
        let transactionControl: Set<String> = ["BEGIN;", "COMMIT;", "ROLLBACK;", "START TRANSACTION;"]
        for migration in migrations {
            let lines = migration.sql.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            #expect(!lines.contains { transactionControl.contains($0) },
                    "\(migration.name) must not control the runner's transaction itself")
        }
    }

    @Test func applyingTwiceAppliesNothingAndChangesNoSchema() throws {
        let migrations = try MigrationDirectory.load(Self.sqlDirectory)
        try TestDatabase.withScratchDatabase { database in
            let first = try MigrationRunner(connection: connect(database)).apply(migrations)
            #expect(first.map(\.1) == Array(repeating: .applied, count: migrations.count))
            let schemaAfterFirst = try SchemaDump.of(database: database)

            var reported: [String] = []
            let second = try MigrationRunner(connection: connect(database)).apply(migrations) { reported.append($0.name) }
            #expect(second.map(\.1) == Array(repeating: .alreadyApplied, count: migrations.count))
            #expect(reported.isEmpty)
            #expect(try SchemaDump.of(database: database) == schemaAfterFirst)
            #expect(try ledger(database) == migrations.map { "\($0.version) \($0.name)" })
        }
    }

    @Test func twoRunnersAtOnceApplyEachVersionOnce() throws {
        let migrations = try MigrationDirectory.load(Self.sqlDirectory)
        let sequentialSchema = try TestDatabase.withScratchDatabase { database in
            try MigrationRunner(connection: connect(database)).apply(migrations)
            return try SchemaDump.of(database: database)
        }
        try TestDatabase.withScratchDatabase { database in
            // Hold the runners' lock so both are surely waiting before either starts.
            let gate = try connect(database)
            _ = try gate.query("SELECT pg_advisory_lock(\(MigrationRunner.advisoryLockKey))")
            let results = ResultBox()
            let group = DispatchGroup()
            for _ in 0..<2 {
                DispatchQueue.global().async(group: group) {
                    do {
                        let outcomes = try MigrationRunner(connection: connect(database)).apply(migrations)
                        results.append(.success(outcomes.filter { $0.1 == .applied }.map(\.0.version)))
                    } catch {
                        results.append(.failure(String(describing: error)))
                    }
                }
            }
            let bothWaiting = Wait.until(timeout: 20) {
                let waiting = try? gate.query("""
                    SELECT count(*)::int AS n FROM pg_locks
                    WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """)
                return waiting?.rows.first?["n"].int == 2
            }
            #expect(bothWaiting, "both runners should be waiting on the advisory lock")
            _ = try gate.query("SELECT pg_advisory_unlock(\(MigrationRunner.advisoryLockKey))")
            #expect(group.wait(timeout: .now() + 60) == .success)

            let applied = results.values.compactMap { if case .success(let versions) = $0 { versions } else { nil } }
            let failures = results.values.compactMap { if case .failure(let message) = $0 { message } else { nil } }
            #expect(failures.isEmpty, "runners failed: \(failures)")
            #expect(applied.count == 2)
            #expect(applied.flatMap { $0 }.sorted() == migrations.map(\.version), "each version applied by exactly one runner")
            #expect(try ledger(database) == migrations.map { "\($0.version) \($0.name)" })
            #expect(try SchemaDump.of(database: database) == sequentialSchema)
        }
    }

    @Test func aFailingMigrationRollsBackWithItsVersionAndStopsTheRun() throws {
        let good = Migration(version: 1, name: "0001_one", sql: "CREATE TABLE one (id int);")
        let broken = Migration(version: 2, name: "0002_two",
                               sql: "CREATE TABLE two (id int); CREATE TABLE one (id int);")
        let later = Migration(version: 3, name: "0003_three", sql: "CREATE TABLE three (id int);")
        try TestDatabase.withScratchDatabase { database in
            let runner = MigrationRunner(connection: try connect(database))
            #expect {
                try runner.apply([good, broken, later])
            } throws: { error in
                guard case MigrationError.failed(let name, let cause) = error else { return false }
                return name == "0002_two" && cause.sqlState == "42P07"
            }
            #expect(try ledger(database) == ["1 0001_one"])
            let tables = try connect(database).query("""
                SELECT string_agg(tablename, ',' ORDER BY tablename) AS names FROM pg_tables
                WHERE schemaname = 'public' AND tablename IN ('one', 'two', 'three')
                """)
            #expect(tables.rows.first?["names"].string == "one")

            let fixed = Migration(version: 2, name: "0002_two", sql: "CREATE TABLE two (id int);")
            let outcomes = try runner.apply([good, fixed, later])
            #expect(outcomes.map(\.1) == [.alreadyApplied, .applied, .applied])
            #expect(try runner.pending([good, fixed, later]).isEmpty)
        }
    }

    /// On Supabase or a managed database the migrating admin is no superuser, so FORCEd
    /// row-level security applies to the status trigger, which runs as that owner.
    @Test func aNonSuperuserOwnerGetsWorkingHistoryAndAlerts() throws {
        let migrations = try MigrationDirectory.load(Self.sqlDirectory)
        let admin = try TestDatabase.connect()
        let owner = TestDatabase.uniqueName("taskmgr_owner")
        try admin.execute(script: "CREATE ROLE \(PostgresQuery.quoteIdentifier(owner)) LOGIN CREATEROLE NOSUPERUSER")
        defer { _ = try? admin.execute(script: "DROP ROLE IF EXISTS \(PostgresQuery.quoteIdentifier(owner))") }
        try TestDatabase.withScratchDatabase { database in
            try admin.execute(script: """
                ALTER DATABASE \(PostgresQuery.quoteIdentifier(database)) OWNER TO \(PostgresQuery.quoteIdentifier(owner))
                """)
            let asOwner = try PostgresConnection(TestDatabase.settings(user: owner, database: database))
            try MigrationRunner(connection: asOwner).apply(migrations)

            // What the routes and the monitor do: log in as a login role, switch role, change status.
            let api = try PostgresConnection(TestDatabase.settings(user: "taskmgr_api", database: database))
            try api.transaction { connection in
                _ = try connection.query("SELECT set_config('role', 'service_role', true), set_config('taskmgr.actor', 'token:owner-test', true)")
                _ = try connection.query("INSERT INTO task_manager (task_id) VALUES ('owner-1')")
                _ = try connection.query("UPDATE task_manager SET status = 'failed', failure_reason = 'not_found' WHERE task_id = 'owner-1'")
            }
            let check = try connect(database)
            let counts = try check.query("""
                SELECT (SELECT count(*) FROM task_alerts WHERE task_id = 'owner-1')::int AS alerts,
                       (SELECT count(*) FROM task_status_history
                        WHERE task_id = 'owner-1' AND actor = 'token:owner-test')::int AS history,
                       (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'task_manager'::regclass) AS table_owner
                """)
            #expect(counts.rows.first?["table_owner"].string == owner)
            #expect(counts.rows.first?["alerts"].int == 1)
            #expect(counts.rows.first?["history"].int == 2)
        }
    }

    @Test func directoryLoadingKeepsOnlyNumberedFilesAndRefusesDuplicates() throws {
        let folder = try TempDirectory(prefix: "migrations")
        _ = try folder.write("0002_second.sql", "SELECT 2;")
        _ = try folder.write("0001_first.sql", "SELECT 1;")
        _ = try folder.write("README.md", "notes")
        _ = try folder.write("0003-no-underscore.sql", "SELECT 3;")
        _ = try folder.write("draft_0004.sql", "SELECT 4;")
        let loaded = try MigrationDirectory.load(folder.path)
        #expect(loaded.map(\.name) == ["0001_first", "0002_second"])
        #expect(loaded.map(\.version) == [1, 2])

        _ = try folder.write("02_again.sql", "SELECT 2;")
        #expect(throws: MigrationError.self) { try MigrationDirectory.load(folder.path) }
    }

    @Test func taskctlMigratePrintsWhatItApplied() throws {
        let taskctl = try PackagePaths.requireExecutable("taskctl")
        try TestDatabase.withScratchDatabase { database in
            let environment = ProcessRunner.environment(adding: ["DATABASE_URL": nil, "PGDATABASE": database])
            let dry = try ProcessRunner.run(taskctl, arguments: ["migrate", "--sql-dir", Self.sqlDirectory, "--dry-run"],
                                            environment: environment)
            #expect(dry.succeeded, "\(dry.standardErrorText)")
            #expect(dry.standardOutputText.split(separator: "\n").first == "would apply 0001_roles")
            #expect(try ledger(database).isEmpty)

            let first = try ProcessRunner.run(taskctl, arguments: ["migrate", "--sql-dir", Self.sqlDirectory],
                                              environment: environment)
            #expect(first.succeeded, "\(first.standardErrorText)")
            let applied = first.standardOutputText.split(separator: "\n")
            #expect(applied.count >= 5)
            #expect(applied.allSatisfy { $0.hasPrefix("applied 000") })

            let second = try ProcessRunner.run(taskctl, arguments: ["migrate", "--sql-dir", Self.sqlDirectory],
                                               environment: environment)
            #expect(second.succeeded)
            #expect(second.standardOutputText == "up to date\n")

            let usage = try ProcessRunner.run(taskctl, arguments: ["migrate", "--no-such-flag"], environment: environment)
            #expect(usage.exitCode == 2)
            #expect(usage.standardErrorText.contains("unknown option --no-such-flag"))
        }
    }

    // MARK: helpers

    private func connect(_ database: String) throws -> PostgresConnection {
        try PostgresConnection(TestDatabase.settings(database: database))
    }

    /// `version name` per row of the ledger, in version order (empty before the first run).
    private func ledger(_ database: String) throws -> [String] {
        let connection = try connect(database)
        let present = try connection.query(
            "SELECT to_regclass('public.taskmgr_schema_migrations') IS NOT NULL AS present")
        guard present.rows.first?["present"].bool == true else { return [] }
        return try connection.query("SELECT version, name FROM taskmgr_schema_migrations ORDER BY version")
            .rows.map { "\($0["version"].int ?? -1) \($0["name"].string ?? "")" }
    }
}

/// Results from the runner threads, collected under a lock.
private final class ResultBox: @unchecked Sendable {
    enum Entry { case success([Int]), failure(String) }
    private let lock = NSLock()
    private var entries: [Entry] = []

    func append(_ entry: Entry) { lock.withLock { entries.append(entry) } }
    var values: [Entry] { lock.withLock { entries } }
}
