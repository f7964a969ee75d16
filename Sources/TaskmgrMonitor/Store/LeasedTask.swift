/// A due task this monitor holds the lease on for one cycle: only what polling needs.
public struct LeasedTask: Sendable, Equatable {
    public var taskID: String
    public var pollURL: String
    /// `GET` or `POST` (anything else is polled with GET).
    public var pollMethod: String
    public var attemptCount: Int
    public var maxAttempts: Int
    /// Failed attempts in a row before this poll.
    public var consecutiveErrors: Int
    public var pollIntervalSeconds: Int?
    public var statusPath: String?
    public var resultPath: String?
    /// The name of a credential file on this host, never the secret itself.
    public var pollAuth: String?

    public init(
        taskID: String, pollURL: String, pollMethod: String = "GET", attemptCount: Int = 0,
        maxAttempts: Int = 10, consecutiveErrors: Int = 0, pollIntervalSeconds: Int? = nil,
        statusPath: String? = nil, resultPath: String? = nil, pollAuth: String? = nil
    ) {
        self.taskID = taskID
        self.pollURL = pollURL
        self.pollMethod = pollMethod
        self.attemptCount = attemptCount
        self.maxAttempts = maxAttempts
        self.consecutiveErrors = consecutiveErrors
        self.pollIntervalSeconds = pollIntervalSeconds
        self.statusPath = statusPath
        self.resultPath = resultPath
        self.pollAuth = pollAuth
    }
}
