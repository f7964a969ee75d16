import TaskmgrCore

/// `POST /update-task/{taskId}`: the external service's callback (service_role only; the
/// database refuses anyone else). Terminal states are final: the same terminal update again
/// is a no-op 200, any other change a 409.
enum UpdateTaskHandler {
    static func handle(_ request: APIRequest, _ database: TaskStoreProvider) throws -> APIResponse {
        let identity = try request.identity()
        let taskID = try request.taskID()
        guard let body = try request.jsonBody(required: true) else { throw Problem.invalidJSON("The body is empty.") }
        let update = try TaskUpdate.validate(body)
        return try TransitionResponse.make(try database.store().update(taskID: taskID, with: update, as: identity),
                                           taskID: taskID, action: "update")
    }
}

/// Turns a state change's outcome into the response every transition route gives.
enum TransitionResponse {
    static func make(_ change: TaskChange, taskID: String, action: String) throws(Problem) -> APIResponse {
        switch change {
        case .changed(let json), .unchanged(let json):
            return APIResponse(status: 200, json: json)
        case .notFound:
            throw Problem.notFound("No task with id \(taskID).")
        case .conflict(let current):
            throw Problem.conflict("Task \(taskID) is \(current); \(action) is not allowed from that state.")
        }
    }
}
