import Foundation
import Postgres
import Testing
import TestSupport
@testable import TaskmgrCore

/// `taskctl archive` and the `Archiver` under it, against the harness database.
///
/// Every test tags its tasks with its own `task_type` and archives only that type, so
/// it never moves another suite's tasks; it removes its rows afterwards.
@Suite(.serialized) struct ArchiveTests {
    // MARK: options (no database)

    @Test func retentionPeriodsParseAdminUnits() {
        #expect(RetentionPeriod("30d")?.seconds == 30 * 86_400)
        #expect(RetentionPeriod("12h")?.seconds == 12 * 3_600)
        #expect(RetentionPeriod("2w")?.seconds == 14 * 86_400)
        #expect(RetentionPeriod("90m")?.seconds == 5_400)
        #expect(RetentionPeriod("45s")?.seconds == 45)
        #expect(RetentionPeriod("30d")?.intervalText == "2592000 seconds")
        for bad in ["", "30", "d", "0d", "-3d", "+3d", "3x", "1.5d", "3 d", "d3", "99999999999999999w"] {
            #expect(RetentionPeriod(bad) == nil, "\(bad) should be refused")
        }
    }

    @Test func optionsTakeTheEnvFileDefaults() throws {
        let none = try ArchiveOptions.defaults(environment: [:])
        #expect(none == ArchiveOptions(olderThan: RetentionPeriod("30d")!, purgeOlderThan: nil, batchSize: 1_000))
        let configured = try ArchiveOptions.defaults(environment: [
            "TASKMGR_ARCHIVE_OLDER_THAN": "14d", "TASKMGR_ARCHIVE_PURGE_OLDER_THAN": "365d",
            "TASKMGR_ARCHIVE_BATCH_SIZE": "250",
        ])
        #expect(configured.olderThan.seconds == 14 * 86_400)
        #expect(configured.purgeOlderThan?.seconds == 365 * 86_400)
        #expect(configured.batchSize == 250)
        #expect(throws: ArchiveOptionsError.self) { try ArchiveOptions.defaults(environment: ["TASKMGR_ARCHIVE_OLDER_THAN": "soon"]) }
        #expect(throws: ArchiveOptionsError.self) { try ArchiveOptions.defaults(environment: ["TASKMGR_ARCHIVE_BATCH_SIZE": "0"]) }
        #expect(throws: ArchiveOptionsError.self) { try ArchiveOptions.batchSize("50001", from: "--batch-size") }
    }

    // MARK: what moves and what stays

    @Test func movesOnlyOldFinishedTasksWithTheirHistory() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.cleanUp() }
        let admin = fixture.admin
        try fixture.insertOld(count: 3, status: "completed")            // old-1 … old-3
        // An old task with a real history: pending → in_progress → cancelled.
        _ = try admin.query("""
            INSERT INTO task_manager (task_id, status, task_type, created_at) VALUES (\(fixture.id("hist")), 'pending', \(fixture.taskType), now() - interval '80 days')
            """)
        _ = try admin.query("UPDATE task_manager SET status = 'in_progress' WHERE task_id = \(fixture.id("hist"))")
        _ = try admin.query("""
            UPDATE task_manager SET status = 'cancelled', failure_reason = 'cancelled', error_message = 'stopped by admin',
                   result = '{"partial": [1, 2]}'
            WHERE task_id = \(fixture.id("hist"))
            """)
        // The status change stamped finished_at = now(); age it (a later UPDATE without a status change keeps it).
        _ = try admin.query("UPDATE task_manager SET finished_at = now() - interval '40 days' WHERE task_id = \(fixture.id("hist"))")
        try fixture.insertActive(id: "pending", status: "pending")
        try fixture.insertActive(id: "running", status: "in_progress")
        _ = try admin.query("""
            INSERT INTO task_manager (task_id, status, task_type, finished_at) VALUES (\(fixture.id("recent")), 'completed', \(fixture.taskType), now() - interval '29 days')
            """)
        let before = try fixture.rowJSON("hist", table: "task_manager")

        let summary = try fixture.archiver(ArchiveOptions(olderThan: RetentionPeriod("30d")!, batchSize: 2)).run()

        #expect(summary.archivable == 4)
        #expect(summary.archived == 4)
        #expect(try fixture.remainingIDs() == [fixture.id("pending"), fixture.id("recent"), fixture.id("running")])
        #expect(try fixture.archivedIDs() == ["hist", "old-1", "old-2", "old-3"].map(fixture.id))
        // Every column arrives unchanged.
        #expect(try fixture.rowJSON("hist", table: "task_manager_archive") == before)
        // The history travels as JSON, oldest first, and leaves task_status_history.
        let history = try admin.query("""
            SELECT jsonb_path_query_array(history, '$[*].new_status')::text AS statuses,
                   history -> 2 ->> 'reason' AS reason, history -> 2 ->> 'error_message' AS message
            FROM task_manager_archive WHERE task_id = \(fixture.id("hist"))
            """).first
        #expect(history?["statuses"].string == #"["pending", "in_progress", "cancelled"]"#)
        #expect(history?["reason"].string == "cancelled")
        #expect(history?["message"].string == "stopped by admin")
        let leftover = try admin.query("SELECT count(*) AS n FROM task_status_history WHERE task_id LIKE \(fixture.taskType + "-%")").first?["n"].int
        #expect(leftover == 3, "only the three remaining tasks keep history rows")
    }

    @Test func archiveTableHasEveryTaskColumn() throws {
        let admin = try TestDatabase.connect()
        let columns: (String) throws -> [String] = { table in
            try admin.query("""
                SELECT column_name AS c FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = \(table) ORDER BY column_name
                """).rows.compactMap { $0["c"].string }
        }
        let taskColumns = try columns("task_manager")
        #expect(taskColumns.count >= 15)
        #expect(try columns("task_manager_archive") == (taskColumns + ["archived_at", "history"]).sorted(),
                "a column added to task_manager must be added to task_manager_archive, or the archive drops it")
    }

    @Test func dryRunCountsAndChangesNothing() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.cleanUp() }
        try fixture.insertOld(count: 7, status: "cancelled")
        try fixture.insertArchived(count: 2, archivedDaysAgo: 400)
        let summary = try fixture.archiver(ArchiveOptions(purgeOlderThan: RetentionPeriod("365d")!, dryRun: true)).run()
        #expect(summary.archivable == 7)
        #expect(summary.archived == 0)
        #expect(summary.purgeable == 2)
        #expect(summary.purged == 0)
        #expect(summary.line.hasPrefix("archive dry run: would archive 7 tasks"))
        #expect(try fixture.remainingIDs().count == 7)
        #expect(try fixture.archivedIDs().count == 2)
    }

    @Test func purgeDeletesOnlyRowsPastTheSecondRetention() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.cleanUp() }
        try fixture.insertArchived(count: 5, archivedDaysAgo: 400)
        try fixture.insertArchived(count: 3, archivedDaysAgo: 10, prefix: "young")
        let summary = try fixture.archiver(ArchiveOptions(purgeOlderThan: RetentionPeriod("365d")!, batchSize: 2)).run()
        #expect(summary.purged == 5)
        #expect(try fixture.archivedIDs() == ["young-1", "young-2", "young-3"].map(fixture.id))
        #expect(summary.line.contains("purged 5 archived before"))
    }

    @Test func skipsARowSomeoneHoldsAndTakesItNextTime() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.cleanUp() }
        try fixture.insertOld(count: 5, status: "completed")
        let holder = try TestDatabase.connect()
        _ = try holder.query("BEGIN")
        _ = try holder.query("SELECT 1 FROM task_manager WHERE task_id = \(fixture.id("old-3")) FOR UPDATE")

        let started = Date()
        let first = try fixture.archiver(ArchiveOptions(batchSize: 2)).run()
        #expect(Date().timeIntervalSince(started) < 4, "the archive must not wait for the held row (lock_timeout is 5 s)")
        #expect(first.archived == 4)
        #expect(try fixture.remainingIDs() == [fixture.id("old-3")])

        _ = try holder.query("ROLLBACK")
        let second = try fixture.archiver(ArchiveOptions(batchSize: 2)).run()
        #expect(second.archived == 1)
        #expect(try fixture.remainingIDs().isEmpty)
    }

    // MARK: scale, locks, interruption

    /// 100,000 old finished tasks: all move, active and recent ones stay, and no
    /// transaction of the archiver lives longer than a batch (sampled from
    /// pg_stat_activity while it runs).
    @Test func movesOneHundredThousandInShortTransactions() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.cleanUp() }
        try fixture.insertOld(count: 100_000, status: "completed")
        for index in 1...20 { try fixture.insertActive(id: "active-\(index)", status: index % 2 == 0 ? "pending" : "in_progress") }
        _ = try fixture.admin.query("""
            INSERT INTO task_manager (task_id, status, task_type, finished_at)
            SELECT \(fixture.taskType) || '-recent-' || g, 'completed', \(fixture.taskType), now() - interval '2 days'
            FROM generate_series(1, 20) AS g
            """)

        let connection = try TestDatabase.connect(user: "taskmgr_monitor")
        let sampler = try TransactionSampler(backendPID: connection.backendPID)
        sampler.start()
        var progressCalls = 0
        let summary = try Archiver(connection: connection, options: ArchiveOptions(batchSize: 1_000, taskType: fixture.taskType))
            .run { _ in progressCalls += 1 }
        let samples = sampler.stop()

        #expect(summary.archivable == 100_000)
        #expect(summary.archived == 100_000)
        #expect(progressCalls == 100)
        let counts = try fixture.admin.query("""
            SELECT (SELECT count(*) FROM task_manager_archive WHERE task_type = \(fixture.taskType)) AS archived,
                   (SELECT count(DISTINCT task_id) FROM task_manager_archive WHERE task_type = \(fixture.taskType)) AS distinct_archived,
                   (SELECT count(*) FROM task_manager WHERE task_type = \(fixture.taskType)) AS remaining,
                   (SELECT count(*) FROM task_manager WHERE task_type = \(fixture.taskType) AND (finished_at IS NULL OR finished_at > now() - interval '30 days')) AS young
            """).first
        #expect(counts?["archived"].int == 100_000)
        #expect(counts?["distinct_archived"].int == 100_000)
        #expect(counts?["remaining"].int == 40)
        #expect(counts?["young"].int == 40)
        #expect(samples.distinctTransactions >= 10, "expected many short transactions, saw \(samples.distinctTransactions)")
        #expect(samples.longestTransaction < 5, "a transaction lasted \(samples.longestTransaction) s")
    }

    /// kill -9 in the middle, then a rerun: every task ends in exactly one place.
    @Test func interruptedRunLosesAndDuplicatesNothing() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.cleanUp() }
        let total = 20_000
        try fixture.insertOld(count: total, status: "cancelled")
        let taskctl = try PackagePaths.requireExecutable("taskctl")
        let environment = ProcessRunner.environment(adding: ["PGUSER": "taskmgr_monitor"])
        let arguments = ["archive", "--task-type", fixture.taskType, "--batch-size", "100"]

        let first = try ProcessRunner.start(taskctl, arguments: arguments, environment: environment)
        let reachedMiddle = Wait.until(timeout: 60, interval: 0.05) {
            ((try? fixture.archivedCount()) ?? 0) >= 2_000 || !first.isRunning
        }
        first.kill()
        _ = first.waitForExit(timeout: 10)
        #expect(reachedMiddle)
        // Whatever moment the kill hit, each task is in exactly one place…
        #expect(try fixture.countInEitherTable() == total)
        #expect(try fixture.inBothPlaces() == 0)
        // …and the batch the server was running when the client died commits or not, whole.
        #expect(try fixture.waitForKilledClientsStatement())
        let archivedBeforeKill = try fixture.archivedCount()
        #expect(archivedBeforeKill > 0 && archivedBeforeKill < total, "the kill should land mid-run (archived \(archivedBeforeKill))")
        #expect(try fixture.countInEitherTable() == total)
        #expect(try fixture.inBothPlaces() == 0)

        let rerun = try ProcessRunner.run(taskctl, arguments: arguments, environment: environment, timeout: 300)
        #expect(rerun.succeeded, "\(rerun.standardErrorText)")
        #expect(rerun.standardOutputText.hasPrefix("archive: archived \(total - archivedBeforeKill) tasks"))
        #expect(!rerun.standardErrorText.contains("\r"), "no progress line when stderr is not a terminal")
        #expect(try fixture.archivedCount() == total)
        #expect(try fixture.remainingIDs().isEmpty)
        let distinct = try fixture.admin.query("SELECT count(DISTINCT task_id) AS n FROM task_manager_archive WHERE task_type = \(fixture.taskType)").first?["n"].int
        #expect(distinct == total)
    }

    @Test func commandRefusesBadUsage() throws {
        let taskctl = try PackagePaths.requireExecutable("taskctl")
        let bad = try ProcessRunner.run(taskctl, arguments: ["archive", "--older-than", "soon"])
        #expect(bad.exitCode == 2)
        #expect(bad.standardErrorText.contains("not a period"))
        let help = try ProcessRunner.run(taskctl, arguments: ["archive", "--help"])
        #expect(help.succeeded)
        #expect(help.standardOutputText.contains("--purge-older-than"))
    }
}
