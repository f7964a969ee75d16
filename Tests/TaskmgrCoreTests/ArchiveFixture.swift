import Foundation
import Postgres
import Testing
import TestSupport
@testable import TaskmgrCore

/// Tasks of one test's own `task_type`, created as the superuser, and the queries the
/// archive tests assert with. `cleanUp` removes them from both tables.
struct ArchiveFixture {
    let admin: PostgresConnection
    let taskType: String

    init() throws {
        admin = try TestDatabase.connect()
        taskType = TestDatabase.uniqueName("archive")
    }

    /// The task id `<taskType>-<suffix>`.
    func id(_ suffix: String) -> String { "\(taskType)-\(suffix)" }

    /// An archiver connected as the archive timer connects: taskmgr_monitor.
    func archiver(_ options: ArchiveOptions) throws -> Archiver {
        var options = options
        options.taskType = taskType
        return try Archiver(connection: TestDatabase.connect(user: "taskmgr_monitor"), options: options)
    }

    /// `count` tasks `old-1…` in `status`, finished 60 days ago (one second apart).
    func insertOld(count: Int, status: String) throws {
        _ = try admin.query("""
            INSERT INTO task_manager (task_id, status, task_type, created_at, finished_at, result)
            SELECT \(taskType)::text || '-old-' || g, \(status)::text, \(taskType)::text, now() - interval '90 days',
                   now() - interval '60 days' - g * interval '1 second', jsonb_build_object('n', g)
            FROM generate_series(1, \(count)) AS g
            """)
    }

    /// One unfinished task, created long ago.
    func insertActive(id suffix: String, status: String) throws {
        _ = try admin.query("""
            INSERT INTO task_manager (task_id, status, task_type, created_at)
            VALUES (\(id(suffix)), \(status)::text, \(taskType), now() - interval '100 days')
            """)
    }

    /// `count` rows straight into the archive, archived `archivedDaysAgo` days ago.
    func insertArchived(count: Int, archivedDaysAgo: Int, prefix: String = "archived") throws {
        _ = try admin.query("""
            INSERT INTO task_manager_archive (task_id, status, task_type, next_poll_at, consecutive_errors, retry_count,
                                              deadline_at, finished_at, archived_at, history)
            SELECT \(taskType)::text || '-' || \(prefix)::text || '-' || g, 'completed', \(taskType)::text, now(), 0, 0, now(),
                   now() - \(archivedDaysAgo + 30)::int * interval '1 day', now() - \(archivedDaysAgo)::int * interval '1 day', '[]'
            FROM generate_series(1, \(count)) AS g
            """)
    }

    func remainingIDs() throws -> [String] {
        try admin.query("SELECT task_id FROM task_manager WHERE task_type = \(taskType) ORDER BY task_id")
            .rows.compactMap { $0["task_id"].string }
    }

    func archivedIDs() throws -> [String] {
        try admin.query("SELECT task_id FROM task_manager_archive WHERE task_type = \(taskType) ORDER BY task_id")
            .rows.compactMap { $0["task_id"].string }
    }

    func archivedCount() throws -> Int {
        try admin.query("SELECT count(*) AS n FROM task_manager_archive WHERE task_type = \(taskType)").first?["n"].int ?? -1
    }

    /// Tasks of this fixture in either table, counted in one snapshot (so a batch
    /// committing meanwhile can't be seen half).
    func countInEitherTable() throws -> Int {
        try admin.query("""
            SELECT (SELECT count(*) FROM task_manager WHERE task_type = \(taskType))
                 + (SELECT count(*) FROM task_manager_archive WHERE task_type = \(taskType)) AS n
            """).first?["n"].int ?? -1
    }

    /// Tasks present in task_manager and in the archive at once (must be 0).
    func inBothPlaces() throws -> Int {
        try admin.query("""
            SELECT count(*) AS n FROM task_manager t JOIN task_manager_archive a USING (task_id)
            WHERE t.task_type = \(taskType)
            """).first?["n"].int ?? -1
    }

    /// The task's row as JSON, without the archive's own columns, for comparing.
    func rowJSON(_ suffix: String, table: String) throws -> String? {
        try admin.query("""
            SELECT (to_jsonb(r) - 'archived_at' - 'history')::text AS j FROM \(identifier: table) AS r WHERE task_id = \(id(suffix))
            """).first?["j"].string
    }

    /// Waits until no taskctl session of the archive's login role is left on the server:
    /// a killed client's last statement still runs to its commit there.
    func waitForKilledClientsStatement() throws -> Bool {
        try Wait.until(timeout: 30, interval: 0.05) {
            try admin.query("""
                SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'taskctl' AND usename = 'taskmgr_monitor'
                """).first?["n"].int == 0
        }
    }

    func cleanUp() {
        _ = try? admin.query("DELETE FROM task_manager WHERE task_type = \(taskType)")
        _ = try? admin.query("DELETE FROM task_manager_archive WHERE task_type = \(taskType)")
        _ = try? admin.query("DELETE FROM task_alerts WHERE task_id LIKE \(taskType + "-%")")
    }
}

/// Samples one backend's open transaction from pg_stat_activity every 20 ms on its own
/// connection and thread: how many distinct transactions it saw, and the longest age.
final class TransactionSampler: @unchecked Sendable {
    struct Samples { var distinctTransactions: Int; var longestTransaction: Double }

    private let backendPID: Int
    private let observer: PostgresConnection
    private let lock = NSLock()
    private var running = true
    private var starts: Set<String> = []
    private var longest = 0.0
    private let done = DispatchSemaphore(value: 0)

    init(backendPID: Int) throws {
        self.backendPID = backendPID
        observer = try TestDatabase.connect()
    }

    func start() {
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                if let row = try? observer.query("""
                    SELECT xact_start::text AS started, extract(epoch FROM clock_timestamp() - xact_start)::float8 AS age
                    FROM pg_stat_activity WHERE pid = \(backendPID) AND xact_start IS NOT NULL
                    """).first, let started = row["started"].string, let age = row["age"].double {
                    lock.withLock {
                        starts.insert(started)
                        longest = max(longest, age)
                    }
                }
                usleep(20_000)
            }
            done.signal()
        }
    }

    func stop() -> Samples {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { Samples(distinctTransactions: starts.count, longestTransaction: longest) }
    }
}
