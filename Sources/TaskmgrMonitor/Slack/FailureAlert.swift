import Foundation

/// One pending row of the Slack outbox (`task_alerts`) with the task facts the message shows.
public struct FailureAlert: Sendable, Equatable {
    public var alertID: Int
    public var taskID: String
    public var taskType: String?
    public var externalID: String?
    /// `failure_reason` (external_failure, not_found, max_attempts, timed_out, …).
    public var reason: String?
    public var errorMessage: String?
    public var attemptCount: Int
    public var maxAttempts: Int
    public var createdAt: Date?

    public init(
        alertID: Int, taskID: String, taskType: String? = nil, externalID: String? = nil,
        reason: String? = nil, errorMessage: String? = nil, attemptCount: Int = 0,
        maxAttempts: Int = 0, createdAt: Date? = nil
    ) {
        self.alertID = alertID
        self.taskID = taskID
        self.taskType = taskType
        self.externalID = externalID
        self.reason = reason
        self.errorMessage = errorMessage
        self.attemptCount = attemptCount
        self.maxAttempts = maxAttempts
        self.createdAt = createdAt
    }
}
