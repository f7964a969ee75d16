import Foundation
import TaskmgrCore
import Testing
@testable import TaskmgrMonitor

@Suite("PollRecord")
struct PollRecordTests {
    let backoff = Backoff(baseSeconds: 10, capSeconds: 1000, jitter: 0.2)

    func plan(_ outcome: PollOutcome, task: LeasedTask = LeasedTask(taskID: "t", pollURL: "http://x")) -> PollRecord {
        PollRecord.plan(task: task, outcome: outcome, backoff: backoff, defaultIntervalSeconds: 120, random: 0.5)
    }

    @Test func runningUsesTheTasksIntervalAndResetsErrors() {
        var task = LeasedTask(taskID: "t", pollURL: "http://x", consecutiveErrors: 4, pollIntervalSeconds: 30)
        var record = plan(.running(retryAfterSeconds: nil), task: task)
        #expect(record.status == "in_progress")
        #expect(record.consecutiveErrors == 0)
        #expect(record.nextPollDelaySeconds == 30)
        #expect(record.errorMessage == nil)
        task.pollIntervalSeconds = nil
        record = plan(.running(retryAfterSeconds: 500), task: task)
        #expect(record.nextPollDelaySeconds == 500)
        #expect(plan(.running(retryAfterSeconds: nil)).nextPollDelaySeconds == 120)
    }

    @Test func terminalOutcomes() {
        let completed = plan(.completed(result: ["ok": true]))
        #expect(completed.status == "completed" && completed.result == ["ok": true] && completed.isTerminal)
        let failed = plan(.externalFailure(message: "external job failed: boom"))
        #expect(failed.status == "failed" && failed.failureReason == "external_failure" && failed.errorMessage == "external job failed: boom")
        let gone = plan(.notFound)
        #expect(gone.status == "failed" && gone.failureReason == "not_found" && gone.errorMessage == "external job not found")
    }

    @Test func errorsBackOffUntilMaxAttemptsInARow() {
        var task = LeasedTask(taskID: "t", pollURL: "http://x", maxAttempts: 3, consecutiveErrors: 0)
        var record = plan(.error(message: "job API error (HTTP 500)", retryAfterSeconds: nil), task: task)
        #expect(record.status == nil && record.consecutiveErrors == 1 && record.nextPollDelaySeconds == 10)
        #expect(record.errorMessage == "job API error (HTTP 500)" && !record.isTerminal)
        task.consecutiveErrors = 1
        record = plan(.error(message: "job API error (HTTP 500)", retryAfterSeconds: 90), task: task)
        #expect(record.consecutiveErrors == 2 && record.nextPollDelaySeconds == 90)
        task.consecutiveErrors = 2
        record = plan(.error(message: "job API error (HTTP 500)", retryAfterSeconds: nil), task: task)
        #expect(record.status == "failed" && record.failureReason == "max_attempts")
        #expect(record.errorMessage == "max attempts reached: job API error (HTTP 500)")
    }

    @Test func recordsetIsOneJSONArray() throws {
        let records = [
            plan(.completed(result: ["n": 1])),
            plan(.error(message: "x \"quoted\"", retryAfterSeconds: nil)),
        ]
        let parsed = try JSONValue.parse(MonitorStore.recordset(records))
        #expect(parsed.arrayValue?.count == 2)
        #expect(parsed.pointer("/0/status") == "completed")
        #expect(parsed.pointer("/0/result/n") == 1)
        #expect(parsed.pointer("/1/status") == .null)
        #expect(parsed.pointer("/1/error_message") == "x \"quoted\"")
        #expect(parsed.pointer("/1/delay")?.doubleValue == 10)
    }
}
