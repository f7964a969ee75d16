import Foundation
import Testing
@testable import TaskmgrMonitor

@Suite("MonitorConfiguration, summary line and metrics")
struct MonitorConfigurationTests {
    @Test func defaults() throws {
        let configuration = try MonitorConfiguration.fromEnvironment([:])
        #expect(configuration.budgetSeconds == 90)
        #expect(configuration.concurrency == 5)
        #expect(configuration.perHost == 2)
        #expect(configuration.pollTimeoutSeconds == 20)
        #expect(configuration.connectTimeoutSeconds == 5)
        #expect(configuration.allowCIDRs.isEmpty)
        #expect(configuration.slack == nil)
        #expect(configuration.leaseSeconds > configuration.budgetSeconds + configuration.pollTimeoutSeconds)
        #expect(configuration.actor.hasPrefix("monitor:"))
    }

    @Test func readsEveryVariable() throws {
        let configuration = try MonitorConfiguration.fromEnvironment([
            "TASKMGR_MONITOR_BUDGET_SECONDS": "30", "TASKMGR_POLL_CONCURRENCY": "200", "TASKMGR_POLL_TIMEOUT": "3",
            "TASKMGR_POLL_CONNECT_TIMEOUT": "1", "TASKMGR_POLL_ALLOW_CIDRS": "127.0.0.0/8, 10.0.0.0/8",
            "TASKMGR_POLL_INTERVAL": "15", "TASKMGR_CREDENTIALS_DIR": "/srv/creds",
            "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_CHANNEL": "#ops", "TASKMGR_PUBLIC_URL": "https://t.example",
        ])
        #expect(configuration.budgetSeconds == 30)
        #expect(configuration.concurrency == 200)
        #expect(configuration.perHost == 100, "default per-host is half the concurrency")
        #expect(configuration.allowCIDRs.map(\.description) == ["127.0.0.0/8", "10.0.0.0/8"])
        #expect(configuration.defaultPollIntervalSeconds == 15)
        #expect(configuration.credentialsDirectory == "/srv/creds")
        #expect(configuration.slack?.destination == .bot(token: "xoxb-1", channel: "#ops", apiURL: "https://slack.com/api/chat.postMessage"))
        #expect(configuration.slack?.publicURL == "https://t.example")
    }

    @Test("bad values name the variable", arguments: [
        ["TASKMGR_POLL_CONCURRENCY": "501"], ["TASKMGR_POLL_CONCURRENCY": "0"], ["TASKMGR_POLL_TIMEOUT": "soon"],
        ["TASKMGR_POLL_ALLOW_CIDRS": "127.0.0.1/99"], ["SLACK_BOT_TOKEN": "xoxb"],
    ])
    func rejectsBadValues(environment: [String: String]) {
        do {
            _ = try MonitorConfiguration.fromEnvironment(environment)
            Issue.record("accepted \(environment)")
        } catch {
            let name = environment.keys.first!
            #expect(error.description.contains(name == "SLACK_BOT_TOKEN" ? "SLACK_CHANNEL" : name))
        }
    }

    @Test func batchLimitKeepsABatchWithinTheBudget() {
        var configuration = MonitorConfiguration()
        configuration.concurrency = 5
        configuration.perHost = 2
        configuration.pollTimeoutSeconds = 20
        #expect(Monitor.batchLimit(configuration, remainingSeconds: 90) == 8)
        #expect(Monitor.batchLimit(configuration, remainingSeconds: 5) == 2)
        configuration.concurrency = 100
        configuration.perHost = 100
        configuration.pollTimeoutSeconds = 5
        #expect(Monitor.batchLimit(configuration, remainingSeconds: 90) == 500)
    }

    @Test func summaryLineAndMetrics() {
        var summary = CycleSummary()
        summary.leased = 12
        summary.polled = 12
        summary.completed = 3
        summary.timedOut = 1
        summary.alertsSent = 2
        summary.durationSeconds = 1.2344
        let line = summary.line(at: Date(timeIntervalSince1970: 1_796_000_523))
        #expect(line.hasPrefix("2026-11-30T01:02:03Z info taskmgr-monitor: leased=12 polled=12 completed=3 failed=0 errors=0 timed_out=1 alerts_sent=2 alerts_pending=0"))
        #expect(line.hasSuffix("duration_ms=1234"))
        let metrics = MetricsFile.text(for: summary)
        #expect(metrics.contains("\ntaskmgr_monitor_completed 3\n"))
        #expect(metrics.contains("# TYPE taskmgr_monitor_polled gauge\n"))
        #expect(metrics.contains("taskmgr_monitor_duration_seconds 1.234\n"))
    }

    @Test func metricsFileIsReplacedAtomically() throws {
        let path = NSTemporaryDirectory() + "taskmgr-metrics-\(getpid()).prom"
        defer { unlink(path) }
        try MetricsFile.write("a 1\n", to: path)
        try MetricsFile.write("a 2\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a 2\n")
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp.\(getpid())"))
    }
}
