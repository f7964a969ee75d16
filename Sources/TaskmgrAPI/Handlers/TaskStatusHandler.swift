import TaskmgrCore

/// `GET /task-status/{taskId}`: the original's status object plus progress fields.
enum TaskStatusHandler {
    static func handle(_ request: APIRequest, _ database: TaskStoreProvider) throws -> APIResponse {
        let identity = try request.identity()
        let taskID = try request.taskID()
        guard let json = try database.store().status(taskID: taskID, as: identity) else {
            throw Problem.notFound("No task with id \(taskID).")
        }
        return APIResponse(status: 200, json: json)
    }
}
