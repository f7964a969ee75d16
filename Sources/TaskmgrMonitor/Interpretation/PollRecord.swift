import TaskmgrCore

/// The row change one poll leads to, written back in a batch by `MonitorStore`.
///
/// Every field is explicit (no "keep the old value" cases besides `status == nil`), so the
/// batch UPDATE is one simple statement and the decision lives here, in tested Swift.
public struct PollRecord: Sendable, Equatable {
    public var taskID: String
    /// The new status, or nil to leave it as it is (after an error attempt).
    public var status: String?
    /// The stored result (completed tasks only).
    public var result: JSONValue?
    /// The new `error_message` (nil clears it).
    public var errorMessage: String?
    /// Why a terminal state ended: `external_failure`, `not_found`, `max_attempts`.
    public var failureReason: String?
    public var consecutiveErrors: Int
    /// Seconds from now until the next poll (ignored for terminal states).
    public var nextPollDelaySeconds: Double

    /// True when this update finishes the task.
    public var isTerminal: Bool { status == "completed" || status == "failed" }

    /// Decides the update for `task` after `outcome`.
    /// - Parameters:
    ///   - defaultIntervalSeconds: the poll interval for tasks without their own.
    ///   - random: a value in 0..<1 for the backoff's jitter.
    public static func plan(
        task: LeasedTask, outcome: PollOutcome, backoff: Backoff,
        defaultIntervalSeconds: Double, random: Double
    ) -> PollRecord {
        var update = PollRecord(
            taskID: task.taskID, status: nil, result: nil, errorMessage: nil, failureReason: nil,
            consecutiveErrors: 0, nextPollDelaySeconds: 0)
        switch outcome {
        case .running(let retryAfter):
            update.status = "in_progress"
            let interval = task.pollIntervalSeconds.map(Double.init) ?? defaultIntervalSeconds
            update.nextPollDelaySeconds = Backoff.delayWhileRunning(intervalSeconds: interval, retryAfterSeconds: retryAfter)
        case .completed(let result):
            update.status = "completed"
            update.result = result
        case .externalFailure(let message):
            update.status = "failed"
            update.errorMessage = message
            update.failureReason = "external_failure"
        case .notFound:
            update.status = "failed"
            update.errorMessage = "external job not found"
            update.failureReason = "not_found"
        case .error(let message, let retryAfter):
            let errors = task.consecutiveErrors + 1
            update.consecutiveErrors = errors
            if errors >= task.maxAttempts {
                update.status = "failed"
                update.errorMessage = "max attempts reached: " + message
                update.failureReason = "max_attempts"
            } else {
                update.errorMessage = message
                update.nextPollDelaySeconds = backoff.delayAfterError(
                    consecutiveErrors: errors, retryAfterSeconds: retryAfter, random: random)
            }
        }
        return update
    }
}
