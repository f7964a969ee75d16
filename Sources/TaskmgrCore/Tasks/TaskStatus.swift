/// A task's lifecycle state, exactly the five values the `task_manager.status` CHECK allows.
public enum TaskStatus: String, Sendable, CaseIterable {
    case pending
    case inProgress = "in_progress"
    case completed
    case failed
    case cancelled

    /// Terminal states change only through retry.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .cancelled: true
        case .pending, .inProgress: false
        }
    }

    public static let allNames = allCases.map(\.rawValue).joined(separator: ", ")
}
