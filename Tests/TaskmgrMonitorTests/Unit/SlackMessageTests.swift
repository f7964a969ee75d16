import Foundation
import HTTPClient
import TaskmgrCore
import Testing
@testable import TaskmgrMonitor

@Suite("SlackMessage and SlackNotifier answers")
struct SlackMessageTests {
    let alert = FailureAlert(
        alertID: 7, taskID: "task-42", taskType: "report", externalID: "ext-9", reason: "max_attempts",
        errorMessage: "max attempts reached: job API error (HTTP 500) <@here>", attemptCount: 10, maxAttempts: 10,
        createdAt: Date(timeIntervalSince1970: 1_000_000))

    @Test func blocksAndFallbackCarryTheFacts() throws {
        let now = Date(timeIntervalSince1970: 1_000_000 + 3 * 3600 + 5 * 60)
        let payload = SlackMessage.payload(for: alert, channel: nil, publicURL: "https://tasks.example.com/", now: now)
        let text = try #require(payload["text"]?.stringValue)
        for fact in ["task-42", "report", "ext-9", "max attempts", "10/10", "3h 5m", "https://tasks.example.com/task-status/task-42"] {
            #expect(text.contains(fact), "fallback lacks \(fact)")
        }
        #expect(payload["channel"] == nil)
        let blocks = try #require(payload["blocks"]?.arrayValue)
        #expect(blocks.first?["type"] == "header")
        let serialized = payload.serialized()
        #expect(serialized.contains("&lt;@here&gt;"), "job text must not become a Slack mention")
        #expect(serialized.contains("<https://tasks.example.com/task-status/task-42|Task status>"))
    }

    @Test func botPayloadNamesTheChannel() {
        let payload = SlackMessage.payload(for: alert, channel: "#ops", publicURL: nil)
        #expect(payload["channel"] == "#ops")
        let fallback = payload["text"]?.stringValue ?? ""
        #expect(fallback.contains("task-42"))
        #expect(!fallback.contains("/task-status/"), "no link without TASKMGR_PUBLIC_URL")
    }

    @Test func ages() {
        let start = Date(timeIntervalSince1970: 0)
        #expect(SlackMessage.age(from: start, to: Date(timeIntervalSince1970: 59)) == "59s")
        #expect(SlackMessage.age(from: start, to: Date(timeIntervalSince1970: 600)) == "10m")
        #expect(SlackMessage.age(from: start, to: Date(timeIntervalSince1970: 2 * 86400 + 4 * 3600)) == "2d 4h")
    }

    @Test func webhookAnswers() {
        let webhook = SlackConfiguration.Destination.webhook(url: "https://hooks.slack.com/x")
        #expect(SlackNotifier.interpret(.success(HTTPResponse(status: 200, headers: [], body: Array("ok".utf8))), destination: webhook) == .sent)
        #expect(SlackNotifier.interpret(.success(HTTPResponse(status: 429, headers: [("retry-after", "17")], body: [])), destination: webhook)
            == .notSent(error: "Slack rate limit (HTTP 429)", retryAfterSeconds: 17))
        #expect(SlackNotifier.interpret(.success(HTTPResponse(status: 500, headers: [], body: [])), destination: webhook)
            == .notSent(error: "Slack answered HTTP 500", retryAfterSeconds: 0))
        #expect(SlackNotifier.interpret(.failure(.timeout), destination: webhook)
            == .notSent(error: "Slack unreachable: timed out", retryAfterSeconds: 0))
    }

    @Test func chatPostMessageNeedsOkTrue() {
        let bot = SlackConfiguration.Destination.bot(token: "xoxb", channel: "#ops", apiURL: "https://slack.com/api/chat.postMessage")
        func answer(_ body: String) -> AlertDeliveryResult {
            SlackNotifier.interpret(.success(HTTPResponse(status: 200, headers: [], body: Array(body.utf8))), destination: bot)
        }
        #expect(answer(#"{"ok":true,"ts":"1.2"}"#) == .sent)
        #expect(answer(#"{"ok":false,"error":"channel_not_found"}"#) == .notSent(error: "Slack refused the message: channel_not_found", retryAfterSeconds: 0))
        #expect(answer(#"{"ok":false,"error":"ratelimited"}"#) == .notSent(error: "Slack rate limit (ratelimited)", retryAfterSeconds: 30))
        #expect(answer("<html>") == .notSent(error: "Slack answered with a body that isn't JSON", retryAfterSeconds: 0))
    }
}
