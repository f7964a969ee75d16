import Foundation

/// What one cycle did, for the summary line, the metrics file and tests.
public struct CycleSummary: Sendable, Equatable {
    /// Tasks this cycle leased.
    public var leased = 0
    /// Polls made (every leased task is polled once).
    public var polled = 0
    /// Tasks this cycle moved to `completed`.
    public var completed = 0
    /// Tasks this cycle moved to `failed` from a poll (external failure, not found, max attempts).
    public var failed = 0
    /// Failed attempts (network, timeout, 5xx, 429, bad body, unknown word).
    public var errors = 0
    /// Outcomes not written because the task had left its lease or a callback finished it first.
    public var skipped = 0
    /// Tasks failed because their deadline passed.
    public var timedOut = 0
    /// Alerts Slack accepted this cycle.
    public var alertsSent = 0
    /// Alerts still waiting after this cycle.
    public var alertsPending = 0
    /// Seconds spent polling (from the first request to the last answer, summed over batches).
    public var pollingSeconds = 0.0
    /// Wall time of the whole cycle, seconds.
    public var durationSeconds = 0.0
    /// True when the cycle stopped leasing because the time budget ran out.
    public var budgetExhausted = false

    public init() {}

    /// The one line per run for journald:
    /// `… info taskmgr-monitor: leased=… polled=… completed=… failed=… errors=… timed_out=… alerts_sent=… alerts_pending=… duration_ms=…`.
    public func line(at date: Date = Date()) -> String {
        var text = MonitorLog.timestamp(date) + " info taskmgr-monitor:"
        text += " leased=\(leased) polled=\(polled) completed=\(completed) failed=\(failed) errors=\(errors)"
        text += " timed_out=\(timedOut) alerts_sent=\(alertsSent) alerts_pending=\(alertsPending)"
        text += " skipped=\(skipped) budget_exhausted=\(budgetExhausted)"
        text += " poll_ms=\(Int((pollingSeconds * 1000).rounded())) duration_ms=\(Int((durationSeconds * 1000).rounded()))"
        return text
    }
}
