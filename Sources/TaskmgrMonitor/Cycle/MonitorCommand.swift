import Foundation
import Postgres

/// The `taskmgr-monitor` command line: parses flags, runs one cycle, prints the summary
/// line, writes the metrics file, and chooses the exit status.
public enum MonitorCommand {
    public static let usage = """
        usage: taskmgr-monitor [--once] [--metrics-file PATH]

        Runs one monitor cycle and exits (systemd's timer starts it every 2 minutes):
        times out overdue tasks, leases and polls due tasks, records their outcomes,
        delivers pending Slack alerts, and prints one summary line to stderr.

          --once               run one cycle (the only mode; accepted for clarity)
          --metrics-file PATH  also write Prometheus text (node_exporter textfile collector)
          --help               show this help

        Exit status: 0 after a normal cycle, 1 when the database can't be reached or a
        statement fails, 2 for a usage or configuration error.

        Environment: DATABASE_URL or PG*; TASKMGR_MONITOR_PGUSER (default taskmgr_monitor);
        TASKMGR_MONITOR_BUDGET_SECONDS (90), TASKMGR_POLL_CONCURRENCY (5, up to 500),
        TASKMGR_POLL_PER_HOST (half the concurrency, at least 2), TASKMGR_POLL_TIMEOUT (20),
        TASKMGR_POLL_CONNECT_TIMEOUT (5), TASKMGR_POLL_ALLOW_CIDRS, TASKMGR_POLL_INTERVAL (120),
        TASKMGR_POLL_BACKOFF_BASE (60), TASKMGR_POLL_BACKOFF_CAP (3600), TASKMGR_LEASE_BATCH (500),
        TASKMGR_CREDENTIALS_DIR (/etc/taskmgr/credentials), SLACK_WEBHOOK_URL or
        SLACK_BOT_TOKEN + SLACK_CHANNEL, TASKMGR_PUBLIC_URL, TASKMGR_SLACK_ALLOW_CIDRS,
        TASKMGR_SLACK_MIN_INTERVAL (1), TASKMGR_MAX_ALERTS_PER_CYCLE (100).
        """

    /// Runs the command and returns the process exit status.
    public static func main(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        var metricsFile: String?
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--once":
                break
            case "--metrics-file":
                index += 1
                guard index < arguments.count else { return usageError("--metrics-file needs a PATH") }
                metricsFile = arguments[index]
            case "--help", "-h":
                print(usage)
                return 0
            case let other:
                return usageError("unknown argument \(other)")
            }
            index += 1
        }

        let configuration: MonitorConfiguration
        do {
            configuration = try MonitorConfiguration.fromEnvironment(environment)
        } catch {
            MonitorLog.error("configuration: \(error)")
            return 2
        }
        let database = databaseSettings(environment)

        let summary: CycleSummary
        do {
            summary = try Monitor.runCycle(configuration: configuration, database: database)
        } catch let error as PostgresError {
            MonitorLog.error("database unavailable or failing (\(database.logDescription)): \(error.logDescription)")
            return 1
        } catch {
            MonitorLog.error("cycle failed: \(error)")
            return 1
        }
        MonitorLog.write(summary.line())
        if let metricsFile {
            do {
                try MetricsFile.write(MetricsFile.text(for: summary), to: metricsFile)
            } catch {
                MonitorLog.warning("metrics file not written: \(error)")
            }
        }
        return 0
    }

    /// `DATABASE_URL` or `PG*`, logging in as `TASKMGR_MONITOR_PGUSER`, else as
    /// `taskmgr_monitor` unless a `DATABASE_URL` names the user itself.
    static func databaseSettings(_ environment: [String: String]) -> ConnectionSettings {
        let explicit = environment["TASKMGR_MONITOR_PGUSER"].flatMap { $0.isEmpty ? nil : $0 }
        let hasURL = !(environment["DATABASE_URL"] ?? "").isEmpty
        let user = explicit ?? (hasURL ? nil : "taskmgr_monitor")
        return ConnectionSettings.fromEnvironment(environment, user: user, applicationName: "taskmgr-monitor")
    }

    static func usageError(_ message: String) -> Int32 {
        MonitorLog.error(message)
        MonitorLog.write(usage)
        return 2
    }
}
