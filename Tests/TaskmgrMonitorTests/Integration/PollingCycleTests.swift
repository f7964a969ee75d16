import Foundation
import Postgres
import TaskmgrCore
import TestSupport
import Testing
@testable import TaskmgrMonitor

/// One in-process cycle at a time against the harness database and a local job API.
@Suite("Monitor cycle: polling and recording", .serialized)
struct PollingCycleTests {
    @Test func pendingThenInProgressThenCompletedWithResult() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/job", sequence: [.json(#"{"status":"running"}"#), .json(#"{"status":"succeeded","result":{"rows":42}}"#)])
        let id = try fixture.insertTask("a", pollURL: api.url("/job"))

        let first = try fixture.runCycle()
        #expect(first.leased == 1 && first.polled == 1 && first.completed == 0 && first.errors == 0)
        var row = try fixture.task(id)
        #expect(row["status"].string == "in_progress")
        #expect(row["attempt_count"].int == 1)
        #expect(row["lease_owner"].isNull, "the write-back releases the lease")

        let second = try fixture.runCycle()
        #expect(second.completed == 1)
        row = try fixture.task(id)
        #expect(row["status"].string == "completed")
        #expect(try JSONValue.parse(row["result"].string ?? "") == ["rows": 42])
        #expect(row["attempt_count"].int == 2)
        #expect(!row["finished_at"].isNull)
        #expect(try fixture.history(id) == ["→pending", "pending→in_progress", "in_progress→completed"])
        #expect(try fixture.historyActors(id).allSatisfy { $0.hasPrefix("monitor:") })
        #expect(try fixture.alerts().isEmpty)

        let third = try fixture.runCycle()
        #expect(third.leased == 0, "a finished task is never polled again")
        #expect(api.requests(to: "/job").count == 2)
    }

    @Test func theEnvironmentOverloadLogsInAsTheMonitorRole() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/e", .json(#"{"status":"done"}"#))
        let id = try fixture.insertTask("env", pollURL: api.url("/e"))
        let summary = try Monitor.runCycle(configuration: fixture.configuration())
        #expect(summary.completed == 1)
        let session = try fixture.admin.query(
            "SELECT count(*)::int AS n FROM task_status_history WHERE task_id = \(id) AND new_status = 'completed' AND actor LIKE 'monitor:%'")
        #expect(session.rows.first?["n"].int == 1)
        #expect(MonitorCommand.databaseSettings(["PGUSER": "postgres"]).value(of: "user") == "taskmgr_monitor")
        #expect(MonitorCommand.databaseSettings(["TASKMGR_MONITOR_PGUSER": "mon2"]).value(of: "user") == "mon2")
        #expect(MonitorCommand.databaseSettings(["DATABASE_URL": "postgresql://someone@db/taskmgr"]).value(of: "user") == nil)
    }

    @Test func externalFailureAndNotFoundFailAndQueueOneAlertEach() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/failed", .json(#"{"status":"FAILED","error":"disk full"}"#))
        let failed = try fixture.insertTask("f", pollURL: api.url("/failed"))
        let missing = try fixture.insertTask("m", pollURL: api.url("/gone"))

        let summary = try fixture.runCycle()
        #expect(summary.failed == 2 && summary.errors == 0)
        let failedRow = try fixture.task(failed)
        #expect(failedRow["status"].string == "failed")
        #expect(failedRow["failure_reason"].string == "external_failure")
        #expect(failedRow["error_message"].string == "external job failed: disk full")
        let missingRow = try fixture.task(missing)
        #expect(missingRow["failure_reason"].string == "not_found")
        #expect(missingRow["error_message"].string == "external job not found")
        #expect(try fixture.alerts().map(\.taskID).sorted() == [failed, missing].sorted())
        #expect(summary.alertsPending == 2, "no Slack configured: alerts stay pending")
    }

    @Test func serverErrorsUntilMaxAttempts() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/broken", .text("oops", status: 500))
        let id = try fixture.insertTask("x", pollURL: api.url("/broken"), maxAttempts: 3)

        for attempt in 1...2 {
            let summary = try fixture.runCycle()
            #expect(summary.errors == 1 && summary.failed == 0)
            let row = try fixture.task(id)
            #expect(row["status"].string == "pending")
            #expect(row["consecutive_errors"].int == attempt)
            #expect(row["error_message"].string == "job API error (HTTP 500)")
        }
        let last = try fixture.runCycle()
        #expect(last.failed == 1)
        let row = try fixture.task(id)
        #expect(row["status"].string == "failed")
        #expect(row["failure_reason"].string == "max_attempts")
        #expect(row["error_message"].string == "max attempts reached: job API error (HTTP 500)")
        #expect(row["attempt_count"].int == 3)
        #expect(try fixture.alerts().count == 1)
    }

    @Test func runningAnswersDoNotUseUpAttempts() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/slow", .json(#"{"status":"processing"}"#))
        let id = try fixture.insertTask("r", pollURL: api.url("/slow"), maxAttempts: 2)
        for _ in 1...3 { _ = try fixture.runCycle() }
        let row = try fixture.task(id)
        #expect(row["status"].string == "in_progress")
        #expect(row["attempt_count"].int == 3, "attempt_count counts every poll")
        #expect(row["consecutive_errors"].int == 0)
    }

    @Test func errorThenGoodAnswerResetsTheRun() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/flaky", sequence: [.text("", status: 502), .json(#"{"status":"running"}"#), .text("", status: 502)])
        let id = try fixture.insertTask("fl", pollURL: api.url("/flaky"), maxAttempts: 2)
        for _ in 1...3 { _ = try fixture.runCycle() }
        let row = try fixture.task(id)
        #expect(row["status"].string == "in_progress", "two errors, but not in a row")
        #expect(row["consecutive_errors"].int == 1)
    }

    @Test func unknownStatusWordIsAFailedAttempt() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/odd", .json(#"{"status":"paused"}"#))
        let id = try fixture.insertTask("u", pollURL: api.url("/odd"))
        let summary = try fixture.runCycle()
        #expect(summary.errors == 1)
        let row = try fixture.task(id)
        #expect(row["status"].string == "pending")
        #expect(row["error_message"].string == "unknown status word \"paused\"")
        #expect(row["consecutive_errors"].int == 1)
    }

    @Test func jsonPointerPaths() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/nested", .json(#"{"status":"ignored","job":{"phase":"Complete","output":{"url":"s3://b/k"}}}"#))
        let id = try fixture.insertTask("p", pollURL: api.url("/nested"), statusPath: "/job/phase", resultPath: "/job/output")
        _ = try fixture.runCycle()
        let row = try fixture.task(id)
        #expect(row["status"].string == "completed")
        #expect(try JSONValue.parse(row["result"].string ?? "") == ["url": "s3://b/k"])
    }

    @Test func retryAfterIsHonoured() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/busy", .text("busy", status: 503, headers: [("Retry-After", "120")]))
        api.route("/limited", .text("slow down", status: 429, headers: [("Retry-After", "300")]))
        let busy = try fixture.insertTask("b", pollURL: api.url("/busy"))
        let limited = try fixture.insertTask("l", pollURL: api.url("/limited"))
        _ = try fixture.runCycle()
        let busyDelay = try #require(try fixture.task(busy)["next_poll_in"].double)
        #expect(busyDelay > 115 && busyDelay <= 120, "backoff base is 0 in tests, so only Retry-After can explain \(busyDelay)")
        let limitedDelay = try #require(try fixture.task(limited)["next_poll_in"].double)
        #expect(limitedDelay > 295 && limitedDelay <= 300)
        #expect(try fixture.runCycle().leased == 0, "not due again before Retry-After")
    }

    @Test func hangingURLTimesOutInsideTheBudget() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/hang", .hang)
        api.route("/ok", .json(#"{"status":"done"}"#))
        let hanging = try fixture.insertTask("h", pollURL: api.url("/hang"))
        let fine = try fixture.insertTask("o", pollURL: api.url("/ok"))
        var configuration = fixture.configuration()
        configuration.pollTimeoutSeconds = 1
        configuration.budgetSeconds = 3
        let summary = try fixture.runCycle(configuration)
        #expect(summary.durationSeconds < configuration.budgetSeconds, "the hang ended at the 1 s timeout, inside the budget")
        #expect(summary.errors == 1 && summary.completed == 1)
        #expect(try fixture.task(hanging)["error_message"].string == "timed out")
        #expect(try fixture.task(fine)["status"].string == "completed")
        api.stop()
    }

    @Test func budgetStopsLeasingAndLeavesTheRestUnleased() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.setFallback { _ in .json(#"{"status":"running"}"#, delay: 0.3) }
        _ = try fixture.insertTasks(count: 30, baseURL: api.baseURL)
        var configuration = fixture.configuration()
        configuration.concurrency = 2
        configuration.perHost = 2
        configuration.pollTimeoutSeconds = 1
        configuration.budgetSeconds = 0.5
        let summary = try fixture.runCycle(configuration)
        #expect(summary.budgetExhausted)
        #expect(summary.leased >= 2 && summary.leased <= 6)
        #expect(summary.polled == summary.leased)
        #expect(summary.durationSeconds < 3)
        let leftover = try fixture.admin.query(
            "SELECT count(*)::int AS n FROM task_manager WHERE task_type = \(fixture.taskType) AND attempt_count = 0 AND lease_owner IS NULL")
        #expect(leftover.rows.first?["n"].int == 30 - summary.leased)
    }

    @Test func deadlinesTimeOutPolledAndCallbackOnlyTasks() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        let polled = try fixture.insertTask("d1", pollURL: api.url("/late"))
        let callbackOnly = try fixture.insertTask("d2", pollURL: nil)
        _ = try fixture.admin.query(
            "UPDATE task_manager SET deadline_at = now() - interval '1 minute' WHERE task_type = \(fixture.taskType)")
        let summary = try fixture.runCycle()
        #expect(summary.timedOut == 2 && summary.leased == 0)
        for id in [polled, callbackOnly] {
            let row = try fixture.task(id)
            #expect(row["status"].string == "failed")
            #expect(row["failure_reason"].string == "timed_out")
            #expect(row["error_message"].string == "timed out after 120 minutes")
        }
        #expect(api.requestCount == 0)
        #expect(try fixture.alerts().count == 2)
    }

    @Test func credentialsAndPostPolls() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        api.route("/private", .json(#"{"status":"running"}"#))
        let directory = try TempDirectory()
        try directory.write("acme", "Authorization: Bearer t0ken\n")
        let authorized = try fixture.insertTask("c1", pollURL: api.url("/private"), pollMethod: "POST", pollAuth: "acme")
        let unconfigured = try fixture.insertTask("c2", pollURL: api.url("/other"), pollAuth: "nope")
        var configuration = fixture.configuration()
        configuration.credentialsDirectory = directory.path
        _ = try fixture.runCycle(configuration)
        let request = try #require(api.requests(to: "/private").first)
        #expect(request.method == "POST" && request.bodyText == "{}")
        #expect(request.header("authorization") == "Bearer t0ken")
        #expect(try fixture.task(authorized)["status"].string == "in_progress")
        #expect(api.requests(to: "/other").isEmpty)
        #expect(try fixture.task(unconfigured)["error_message"].string == "credential \"nope\" is not configured on this monitor host")
    }

    @Test func refusedAddressIsAFailedAttempt() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        let id = try fixture.insertTask("s", pollURL: api.url("/x"))
        var configuration = fixture.configuration()
        configuration.allowCIDRs = []
        _ = try fixture.runCycle(configuration)
        #expect(api.connectionCount == 0)
        #expect(try fixture.task(id)["error_message"].string?.hasPrefix("refused by the address policy") == true)
    }

    @Test func callbackFinishingMeanwhileWins() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        let id = "\(fixture.taskType)-cb"
        let settings = TestDatabase.settings(user: "taskmgr_api")
        api.route("/race") { _ in
            // The callback lands while the monitor waits for this answer.
            do {
                let callback = try PostgresConnection(settings)
                _ = try callback.query("SELECT set_config('role', 'service_role', false), set_config('taskmgr.actor', 'callback:test', false)")
                _ = try callback.query("UPDATE task_manager SET status = 'completed', result = '{\"by\":\"callback\"}' WHERE task_id = \(id)")
            } catch {
                return .text("callback failed: \(error)", status: 599)
            }
            return .json(#"{"status":"failed","error":"too late"}"#)
        }
        try fixture.insertTask("cb", pollURL: api.url("/race"))
        let summary = try fixture.runCycle()
        #expect(summary.polled == 1 && summary.skipped == 1 && summary.failed == 0)
        let row = try fixture.task(id)
        #expect(row["status"].string == "completed")
        #expect(try JSONValue.parse(row["result"].string ?? "") == ["by": "callback"])
        #expect(row["attempt_count"].int == 0, "the monitor's write was refused as a whole")
        #expect(try fixture.history(id) == ["→pending", "pending→completed"])
        #expect(try fixture.historyActors(id) == ["callback:test"])
        #expect(try fixture.alerts().isEmpty)
    }
}
