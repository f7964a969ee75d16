import TaskmgrCore

/// `GET /task-events/{taskId}`: the task's status history, oldest first.
enum TaskEventsHandler {
    static func handle(_ request: APIRequest, _ database: TaskStoreProvider) throws -> APIResponse {
        let identity = try request.identity()
        let taskID = try request.taskID()
        guard let json = try database.store().events(taskID: taskID, as: identity) else {
            throw Problem.notFound("No task with id \(taskID).")
        }
        return APIResponse(status: 200, json: json)
    }
}
