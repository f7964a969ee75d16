import TaskmgrCore

/// What one poll of an external job said, before taskmgr decides what to write.
///
/// Kept apart from the database update (`PollRecord`) so the meaning of an answer can be
/// tested without a server, and so "still running" and "error" stay distinct: waiting is
/// not failing (DESIGN.md).
public enum PollOutcome: Equatable, Sendable {
    /// The job is still going; `retryAfterSeconds` is the server's own hint, if it gave one.
    case running(retryAfterSeconds: Double?)
    /// The job finished; `result` is what gets stored in the task's `result`.
    case completed(result: JSONValue)
    /// The job says it failed; `message` becomes the task's `error_message`.
    case externalFailure(message: String)
    /// The job API answered 404 or 410: the external job no longer exists.
    case notFound
    /// The poll itself failed (network, timeout, 5xx, 429, bad body, unknown status word).
    case error(message: String, retryAfterSeconds: Double?)

    /// True for the answers that count as a failed attempt (`consecutive_errors` grows).
    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
