/// The HTTP routes taskmgr serves, each by its own executable on its own socket.
///
/// Every route answers at `/NAME` and at `/webhook/NAME` (the n8n original's paths), so
/// clients of the original switch by changing only the host.
public enum Route: String, Sendable, CaseIterable {
    case createTask = "create-task"
    case taskStatus = "task-status"
    case updateTask = "update-task"
    case tasks = "tasks"
    case retryTask = "retry-task"
    case cancelTask = "cancel-task"
    case taskEvents = "task-events"

    /// Methods the route accepts; anything else is a 405 with `Allow`.
    public var allowedMethods: [String] {
        switch self {
        case .taskStatus, .tasks, .taskEvents: ["GET", "HEAD"]
        case .createTask, .updateTask, .retryTask, .cancelTask: ["POST"]
        }
    }

    /// Whether the path carries a task id (`/task-status/{taskId}`).
    public var takesTaskID: Bool {
        switch self {
        case .createTask, .tasks: false
        case .taskStatus, .updateTask, .retryTask, .cancelTask, .taskEvents: true
        }
    }

    /// Reads an executable name such as `taskmgr-task-status` back into its route.
    public init?(executableName: String) {
        guard executableName.hasPrefix("taskmgr-") else { return nil }
        self.init(rawValue: String(executableName.dropFirst("taskmgr-".count)))
    }

    var handler: RouteHandler {
        switch self {
        case .createTask: CreateTaskHandler.handle
        case .taskStatus: TaskStatusHandler.handle
        case .updateTask: UpdateTaskHandler.handle
        case .tasks: ListTasksHandler.handle
        case .retryTask: RetryTaskHandler.handle
        case .cancelTask: CancelTaskHandler.handle
        case .taskEvents: TaskEventsHandler.handle
        }
    }
}

typealias RouteHandler = (APIRequest, TaskStoreProvider) throws -> APIResponse
