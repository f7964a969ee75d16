import TaskmgrCore

/// `POST /retry-task/{taskId}`: failed or cancelled → pending (service_role only).
enum RetryTaskHandler {
    static func handle(_ request: APIRequest, _ database: TaskStoreProvider) throws -> APIResponse {
        let identity = try request.identity()
        let taskID = try request.taskID()
        if let body = try request.jsonBody(required: false) {
            guard let object = body.objectValue, object.isEmpty else {
                throw Problem.validation([.init(field: "", message: "retry takes no fields; send no body or {}")])
            }
        }
        return try TransitionResponse.make(try database.store().retry(taskID: taskID, as: identity),
                                           taskID: taskID, action: "retry")
    }
}
