import Foundation
import TestSupport
import Testing
@testable import TaskmgrMonitor

/// The real `taskmgr-monitor` executable: several at once, killed mid-cycle, no database.
@Suite("taskmgr-monitor executable", .serialized)
struct MonitorBinaryTests {
    @Test func fourMonitorsOverTwoThousandTasksPollEachExactlyOnce() throws {
        let binary = try PackagePaths.requireExecutable("taskmgr-monitor")
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.setFallback { _ in .json(#"{"status":"done","result":{"ok":true}}"#) }
        let ids = try fixture.insertTasks(count: 2000, baseURL: api.baseURL)
        let environment = fixture.binaryEnvironment(["TASKMGR_POLL_CONCURRENCY": "16", "TASKMGR_POLL_PER_HOST": "16", "TASKMGR_LEASE_BATCH": "100"])

        let monitors = try (1...4).map { _ in try ProcessRunner.start(binary, arguments: ["--once"], environment: environment) }
        var leasedTotal = 0
        for monitor in monitors {
            let outcome = try #require(monitor.waitForExit(timeout: 60))
            #expect(outcome.exitCode == 0, "stderr: \(outcome.standardErrorText)")
            leasedTotal += Self.field("leased", in: outcome.standardErrorText) ?? -1
        }
        #expect(leasedTotal == 2000)
        var perPath: [String: Int] = [:]
        for request in api.requests { perPath[request.path, default: 0] += 1 }
        #expect(perPath.count == 2000)
        #expect(perPath.values.allSatisfy { $0 == 1 }, "some task was polled twice")
        #expect(try fixture.statusCounts() == ["completed": 2000])
        let attempts = try fixture.admin.query(
            "SELECT count(*)::int AS n FROM task_manager WHERE task_type = \(fixture.taskType) AND attempt_count = 1 AND lease_owner IS NULL")
        #expect(attempts.rows.first?["n"].int == ids.count, "every outcome written once, none lost")
    }

    @Test func killedMidCycleTheNextRunAfterLeaseExpiryPollsTheLeftoversOnce() throws {
        let binary = try PackagePaths.requireExecutable("taskmgr-monitor")
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.setFallback { _ in .json(#"{"status":"done"}"#, delay: 0.05) }
        _ = try fixture.insertTasks(count: 300, baseURL: api.baseURL)
        let environment = fixture.binaryEnvironment(["TASKMGR_POLL_CONCURRENCY": "5", "TASKMGR_POLL_PER_HOST": "5", "TASKMGR_LEASE_BATCH": "50"])

        let doomed = try ProcessRunner.start(binary, environment: environment)
        #expect(Wait.until(timeout: 20) { api.requestCount >= 80 })
        doomed.kill()
        _ = doomed.waitForExit(timeout: 5)
        let firstRun = api.requestCount
        #expect(firstRun < 300, "the kill came mid-cycle")
        let leased = try fixture.admin.query(
            "SELECT count(*)::int AS n FROM task_manager WHERE task_type = \(fixture.taskType) AND lease_owner IS NOT NULL")
        #expect((leased.rows.first?["n"].int ?? 0) > 0, "the killed monitor left leases behind")

        // Before expiry a second monitor leaves the leased tasks alone.
        let polite = try ProcessRunner.run(binary, environment: environment, timeout: 60)
        #expect(polite.exitCode == 0)
        #expect(try fixture.admin.query(
            "SELECT count(*)::int AS n FROM task_manager WHERE task_type = \(fixture.taskType) AND status <> 'completed' AND lease_owner IS NULL").rows.first?["n"].int == 0)

        // Time passes: the dead monitor's leases expire.
        _ = try fixture.admin.query(
            "UPDATE task_manager SET lease_expires_at = now() - interval '1 second' WHERE task_type = \(fixture.taskType) AND lease_owner IS NOT NULL")
        api.resetCounters()
        let next = try ProcessRunner.run(binary, environment: environment, timeout: 60)
        #expect(next.exitCode == 0, "stderr: \(next.standardErrorText)")
        var perPath: [String: Int] = [:]
        for request in api.requests { perPath[request.path, default: 0] += 1 }
        #expect(perPath.values.allSatisfy { $0 == 1 }, "a leftover was polled twice")
        #expect(try fixture.statusCounts() == ["completed": 300], "nothing stuck")
        let leftovers = try fixture.admin.query(
            "SELECT count(*)::int AS n FROM task_manager WHERE task_type = \(fixture.taskType) AND (lease_owner IS NOT NULL OR attempt_count <> 1)")
        #expect(leftovers.rows.first?["n"].int == 0, "every task recorded exactly one poll, no lease left")
    }

    @Test func unreachableDatabaseExitsOneWithAClearMessage() throws {
        let binary = try PackagePaths.requireExecutable("taskmgr-monitor")
        let environment = ProcessRunner.environment(adding: [
            "PGHOST": "/nonexistent-taskmgr-socket-dir", "DATABASE_URL": nil, "PGCONNECT_TIMEOUT": "2",
        ])
        let outcome = try ProcessRunner.run(binary, arguments: ["--once"], environment: environment, timeout: 30)
        #expect(outcome.exitCode == 1)
        #expect(outcome.standardErrorText.contains("database unavailable"))
    }

    @Test func summaryLineAndMetricsFile() throws {
        let binary = try PackagePaths.requireExecutable("taskmgr-monitor")
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/a", .json(#"{"status":"done"}"#))
        try fixture.insertTask("a", pollURL: api.url("/a"))
        let directory = try TempDirectory()
        let metrics = directory.file("taskmgr.prom")
        let outcome = try ProcessRunner.run(binary, arguments: ["--once", "--metrics-file", metrics], environment: fixture.binaryEnvironment(), timeout: 30)
        #expect(outcome.exitCode == 0)
        let line = try #require(outcome.standardErrorText.split(separator: "\n").last.map(String.init))
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ info taskmgr-monitor: leased=1 polled=1 completed=1 failed=0 errors=0 timed_out=0 alerts_sent=0 alerts_pending=0 .*duration_ms=\d+$"#, options: .regularExpression) != nil, "\(line)")
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.contains("\ntaskmgr_monitor_completed 1\n"))
    }

    @Test func withoutSlackAlertsAreLoggedAndStayPending() throws {
        let binary = try PackagePaths.requireExecutable("taskmgr-monitor")
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        let id = try fixture.insertTask("gone", pollURL: api.url("/gone"))
        for _ in 1...2 {
            let outcome = try ProcessRunner.run(binary, environment: fixture.binaryEnvironment(), timeout: 30)
            #expect(outcome.exitCode == 0)
            #expect(outcome.standardErrorText.contains("alert pending task_id=\(id) task_type=\(fixture.taskType) reason=not_found"))
            #expect(outcome.standardErrorText.contains("alerts_pending=1"))
        }
        #expect(try fixture.alerts().map(\.sent) == [false])
    }

    @Test func badFlagsAndHelp() throws {
        let binary = try PackagePaths.requireExecutable("taskmgr-monitor")
        let help = try ProcessRunner.run(binary, arguments: ["--help"], timeout: 10)
        #expect(help.exitCode == 0 && help.standardOutputText.contains("--metrics-file"))
        let bad = try ProcessRunner.run(binary, arguments: ["--bogus"], timeout: 10)
        #expect(bad.exitCode == 2 && bad.standardErrorText.contains("unknown argument --bogus"))
        let badEnvironment = try ProcessRunner.run(
            binary, environment: ProcessRunner.environment(adding: ["TASKMGR_POLL_CONCURRENCY": "9999"]), timeout: 10)
        #expect(badEnvironment.exitCode == 2 && badEnvironment.standardErrorText.contains("TASKMGR_POLL_CONCURRENCY"))
    }

    /// `leased=12` → 12, from a summary line.
    static func field(_ name: String, in text: String) -> Int? {
        guard let line = text.split(separator: "\n").last(where: { $0.contains("info taskmgr-monitor: leased=") }) else { return nil }
        for part in line.split(separator: " ") where part.hasPrefix(name + "=") {
            return Int(part.dropFirst(name.count + 1))
        }
        return nil
    }
}
