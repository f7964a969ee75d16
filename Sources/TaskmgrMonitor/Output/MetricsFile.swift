import Foundation

/// Writes a cycle's numbers in Prometheus text format for node_exporter's textfile collector.
///
/// The file is replaced atomically (write a temp file beside it, then `rename`), because
/// the collector may read it at any moment and must never see half a file.
public enum MetricsFile {
    /// The exposition text for `summary`, finished at `date`.
    public static func text(for summary: CycleSummary, finishedAt date: Date = Date()) -> String {
        let counters: [(String, String, Int)] = [
            ("leased", "Tasks leased in the last cycle.", summary.leased),
            ("polled", "Polls made in the last cycle.", summary.polled),
            ("completed", "Tasks completed by the last cycle.", summary.completed),
            ("failed", "Tasks failed by polls in the last cycle.", summary.failed),
            ("errors", "Failed poll attempts in the last cycle.", summary.errors),
            ("skipped", "Outcomes not written because the task changed meanwhile.", summary.skipped),
            ("timed_out", "Tasks timed out by the last cycle.", summary.timedOut),
            ("alerts_sent", "Slack alerts delivered by the last cycle.", summary.alertsSent),
            ("alerts_pending", "Slack alerts still pending after the last cycle.", summary.alertsPending),
        ]
        var text = ""
        for (name, help, value) in counters {
            text += "# HELP taskmgr_monitor_\(name) \(help)\n# TYPE taskmgr_monitor_\(name) gauge\ntaskmgr_monitor_\(name) \(value)\n"
        }
        text += "# HELP taskmgr_monitor_duration_seconds Wall time of the last cycle.\n# TYPE taskmgr_monitor_duration_seconds gauge\n"
        text += "taskmgr_monitor_duration_seconds \(String(format: "%.3f", summary.durationSeconds))\n"
        text += "# HELP taskmgr_monitor_budget_exhausted 1 when the last cycle stopped leasing at its time budget.\n# TYPE taskmgr_monitor_budget_exhausted gauge\n"
        text += "taskmgr_monitor_budget_exhausted \(summary.budgetExhausted ? 1 : 0)\n"
        text += "# HELP taskmgr_monitor_last_run_timestamp_seconds When the last cycle finished.\n# TYPE taskmgr_monitor_last_run_timestamp_seconds gauge\n"
        text += "taskmgr_monitor_last_run_timestamp_seconds \(Int(date.timeIntervalSince1970))\n"
        return text
    }

    /// Writes `text` to `path` atomically: `path.tmp.<pid>` then `rename(2)`.
    public static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp.\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw ConfigurationError("cannot write metrics file \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw ConfigurationError("cannot rename metrics file to \(path): errno \(code)")
        }
    }
}
