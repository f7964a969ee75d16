import Foundation
import TaskmgrCore
import TestSupport
import Testing
@testable import TaskmgrMonitor

/// Alert delivery against a local server playing Slack.
@Suite("Monitor cycle: Slack alerts", .serialized)
struct SlackDeliveryTests {
    /// Fails `count` tasks through 404 polls and returns their ids.
    func failTasks(_ fixture: MonitorFixture, count: Int, api: MockHTTPServer) throws -> [String] {
        try (1...count).map { try fixture.insertTask("s\($0)", pollURL: api.url("/gone/\($0)")) }
    }

    func slackConfiguration(_ fixture: MonitorFixture, slack: MockHTTPServer, minInterval: Double = 0) -> MonitorConfiguration {
        var configuration = fixture.configuration()
        var slackSettings = SlackConfiguration(destination: .webhook(url: slack.url("/hook")), publicURL: "https://tasks.example.com")
        slackSettings.minIntervalSeconds = minInterval
        slackSettings.allowCIDRs = [CIDR("127.0.0.0/8")!]
        configuration.slack = slackSettings
        return configuration
    }

    /// The task ids named in requests Slack answered with `accepted` statuses.
    func taskIDs(in requests: [MockHTTPServer.Request], ids: [String]) -> [String] {
        requests.flatMap { request in ids.filter { request.bodyText.contains("task \($0) failed") } }
    }

    @Test func rateLimitedThenAcceptedDeliversEachAlertExactlyOnce() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        let slack = try MockHTTPServer()
        slack.route("/hook", sequence: [.text("rate limited", status: 429, headers: [("Retry-After", "1")]), .text("ok")])
        let ids = try failTasks(fixture, count: 2, api: api)
        let configuration = slackConfiguration(fixture, slack: slack)

        let first = try fixture.runCycle(configuration)
        #expect(first.failed == 2 && first.alertsSent == 0 && first.alertsPending == 2)
        #expect(slack.requestCount == 1, "a 429 stops delivery for this run")

        let early = try fixture.runCycle(configuration)
        #expect(early.alertsSent == 0 || slack.requestCount == 1 + early.alertsSent, "a row waits for Retry-After")
        Thread.sleep(forTimeInterval: 1.1)
        var sentTotal = early.alertsSent
        sentTotal += try fixture.runCycle(configuration).alertsSent
        #expect(sentTotal == 2)
        #expect(try fixture.alerts().allSatisfy(\.sent))

        let accepted = Array(slack.requests(to: "/hook").dropFirst())
        #expect(taskIDs(in: accepted, ids: ids).sorted() == ids.sorted(), "each alert accepted exactly once")
        #expect(try fixture.runCycle(configuration).alertsSent == 0)
        #expect(slack.requestCount == 3, "nothing is sent twice")

        let body = try JSONValue.parse(slack.requests(to: "/hook")[1].body)
        #expect(body["blocks"]?.arrayValue?.isEmpty == false)
        #expect(body["text"]?.stringValue?.contains("https://tasks.example.com/task-status/") == true)
    }

    @Test func slackDownForAWholeRunDeliversOnTheNext() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        let slack = try MockHTTPServer()
        slack.route("/hook", .text("unavailable", status: 503))
        let ids = try failTasks(fixture, count: 3, api: api)
        let configuration = slackConfiguration(fixture, slack: slack)

        let down = try fixture.runCycle(configuration)
        #expect(down.alertsSent == 0 && down.alertsPending == 3)
        #expect(try fixture.alerts().allSatisfy { !$0.sent })

        slack.resetCounters()
        slack.route("/hook", .text("ok"))
        let up = try fixture.runCycle(configuration)
        #expect(up.alertsSent == 3 && up.alertsPending == 0)
        #expect(taskIDs(in: slack.requests(to: "/hook"), ids: ids).sorted() == ids.sorted())
    }

    @Test func chatPostMessageWithTokenAndPacing() throws {
        let fixture = try MonitorFixture()
        let api = try MockHTTPServer()
        let slack = try MockHTTPServer()
        slack.route("/api/chat.postMessage", .json(#"{"ok":true}"#))
        _ = try failTasks(fixture, count: 3, api: api)
        var configuration = fixture.configuration()
        var settings = SlackConfiguration(destination: .bot(token: "xoxb-test", channel: "#ops", apiURL: slack.url("/api/chat.postMessage")))
        settings.minIntervalSeconds = 0.25
        settings.allowCIDRs = [CIDR("127.0.0.0/8")!]
        configuration.slack = settings

        let started = Date()
        let summary = try fixture.runCycle(configuration)
        #expect(summary.alertsSent == 3)
        #expect(Date().timeIntervalSince(started) >= 0.5, "three messages at least 0.25 s apart")
        let requests = slack.requests(to: "/api/chat.postMessage")
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.header("authorization") == "Bearer xoxb-test" })
        #expect(try JSONValue.parse(requests[0].body)["channel"] == "#ops")
    }
}
