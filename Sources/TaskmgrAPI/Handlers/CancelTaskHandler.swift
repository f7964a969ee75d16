import TaskmgrCore

/// `POST /cancel-task/{taskId}`: pending or in_progress → cancelled (service_role only).
/// An optional `{"reason": "…"}` becomes the task's error_message.
enum CancelTaskHandler {
    static func handle(_ request: APIRequest, _ database: TaskStoreProvider) throws -> APIResponse {
        let identity = try request.identity()
        let taskID = try request.taskID()
        var reason: String?
        if let body = try request.jsonBody(required: false) {
            guard let object = body.objectValue else {
                throw Problem.validation([.init(field: "", message: "the body must be a JSON object, got \(body.typeName)")])
            }
            var errors = object.keys.filter { $0 != "reason" }.map { Problem.FieldError(field: $0, message: "unknown field") }
            if let value = object["reason"], !value.isNull {
                if let text = value.stringValue, text.count <= 1000 { reason = text } else {
                    errors.append(.init(field: "reason", message: "must be a string of at most 1000 characters"))
                }
            }
            guard errors.isEmpty else { throw Problem.validation(errors) }
        }
        return try TransitionResponse.make(try database.store().cancel(taskID: taskID, reason: reason, as: identity),
                                           taskID: taskID, action: "cancel")
    }
}
