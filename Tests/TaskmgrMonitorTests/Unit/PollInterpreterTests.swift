import Foundation
import TaskmgrCore
import Testing
@testable import TaskmgrMonitor

@Suite("PollInterpreter")
struct PollInterpreterTests {
    func interpret(_ status: Int, _ body: String, retryAfter: String? = nil, statusPath: String? = nil, resultPath: String? = nil) -> PollOutcome {
        PollInterpreter.interpret(statusCode: status, body: Array(body.utf8), retryAfter: retryAfter, statusPath: statusPath, resultPath: resultPath)
    }

    @Test("every default word maps to its meaning, case-insensitively", arguments: [
        ("done", StatusWord.completed), ("Completed", .completed), ("COMPLETE", .completed), ("succeeded", .completed),
        ("success", .completed), ("finished", .completed), ("failed", .failed), ("failure", .failed), ("error", .failed),
        ("errored", .failed), ("cancelled", .failed), ("canceled", .failed), ("aborted", .failed), ("pending", .running),
        ("queued", .running), ("Running", .running), ("in_progress", .running), ("processing", .running),
        ("started", .running), ("active", .running),
    ])
    func statusWords(word: String, meaning: StatusWord) {
        #expect(StatusWord(word) == meaning)
    }

    @Test func unknownWordIsNil() {
        #expect(StatusWord("paused") == nil)
        #expect(StatusWord("") == nil)
    }

    @Test func runningAnswer() {
        #expect(interpret(200, #"{"status":"running"}"#) == .running(retryAfterSeconds: nil))
        #expect(interpret(202, #"{"state":"queued"}"#, retryAfter: "30") == .running(retryAfterSeconds: 30))
    }

    @Test func completedStoresResultMemberElseWholeBody() {
        #expect(interpret(200, #"{"status":"done","result":{"rows":3}}"#) == .completed(result: ["rows": 3]))
        #expect(interpret(200, #"{"status":"done","url":"x"}"#) == .completed(result: ["status": "done", "url": "x"]))
    }

    @Test func jsonPointerPaths() {
        let body = #"{"job":{"state":"SUCCEEDED","output":[1,{"a/b":true}]},"status":"running"}"#
        #expect(interpret(200, body, statusPath: "/job/state", resultPath: "/job/output/1") == .completed(result: ["a/b": true]))
        #expect(interpret(200, body, statusPath: "/job/state", resultPath: "/job/output/1/a~1b") == .completed(result: true))
        // Without a status_path the default location (/status) decides.
        #expect(interpret(200, body) == .running(retryAfterSeconds: nil))
    }

    @Test func missingStatusAtPathIsAnError() {
        let outcome = interpret(200, #"{"status":"done"}"#, statusPath: "/job/state")
        guard case .error(let message, _) = outcome else { Issue.record("expected an error, got \(outcome)"); return }
        #expect(message.contains("/job/state"))
    }

    @Test func unresolvedResultPathKeepsWholeBody() {
        #expect(interpret(200, #"{"status":"done"}"#, resultPath: "/nope") == .completed(result: ["status": "done"]))
    }

    @Test func nestedDefaultLocationsAndBareString() {
        #expect(interpret(200, #"{"data":{"status":"finished"}}"#) == .completed(result: ["data": ["status": "finished"]]))
        #expect(interpret(200, #""processing""#) == .running(retryAfterSeconds: nil))
    }

    @Test func externalFailureQuotesTheJobsMessage() {
        #expect(interpret(200, #"{"status":"failed","error":"disk full"}"#) == .externalFailure(message: "external job failed: disk full"))
        #expect(interpret(200, #"{"status":"aborted"}"#) == .externalFailure(message: "external job reported \"aborted\""))
    }

    @Test func notFoundAndGone() {
        #expect(interpret(404, "nope") == .notFound)
        #expect(interpret(410, "") == .notFound)
    }

    @Test func errorsAreAttempts() {
        #expect(interpret(500, #"{"status":"done"}"#).isError)
        #expect(interpret(503, "", retryAfter: "7") == .error(message: "job API error (HTTP 503)", retryAfterSeconds: 7))
        #expect(interpret(429, "", retryAfter: "12") == .error(message: "rate limited by the job API (HTTP 429)", retryAfterSeconds: 12))
        #expect(interpret(302, "").isError)
        #expect(interpret(401, "").isError)
        #expect(interpret(200, "<html>").isError)
        #expect(interpret(200, #"{"status":"done","status":"failed"}"#).isError, "duplicate keys are rejected by the strict parser")
        #expect(interpret(200, #"{"status":"paused"}"#) == .error(message: "unknown status word \"paused\"", retryAfterSeconds: nil))
        #expect(interpret(200, #"{"status":42}"#).isError)
    }

    @Test func networkFailuresAreAttempts() {
        #expect(PollInterpreter.interpret(failureMessage: "timed out") == .error(message: "timed out", retryAfterSeconds: nil))
    }

    @Test func longWordsAreTruncatedInMessages() {
        let word = String(repeating: "x", count: 1000)
        guard case .error(let message, _) = interpret(200, "{\"status\":\"\(word)\"}") else { Issue.record("expected error"); return }
        #expect(message.count < 260)
    }
}
