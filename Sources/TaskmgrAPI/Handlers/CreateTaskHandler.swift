import Foundation
import TaskmgrCore

/// `POST /create-task`: validates the body, inserts the task as the caller, answers 201 with
/// the full task and `Location`. An `Idempotency-Key` replays the original task (200) or, with
/// another body, conflicts (409).
enum CreateTaskHandler {
    static func handle(_ request: APIRequest, _ database: TaskStoreProvider) throws -> APIResponse {
        let identity = try request.identity()
        let idempotencyKey = try idempotencyKey(request)
        guard let body = try request.jsonBody(required: true) else { throw Problem.invalidJSON("The body is empty.") }
        let task = try NewTask.validate(body)
        let taskID = request.newTaskID
        let creation = try database.store().create(task, taskID: taskID, idempotencyKey: idempotencyKey,
                                                   canonicalBody: body.serialized(), as: identity)
        switch creation {
        case .created(let json):
            return APIResponse(status: 201, json: json, headers: [("Location", "/task-status/\(taskID)")])
        case .replayed(let json):
            let id = (try? JSONValue.parse(json))?["task_id"]?.stringValue ?? ""
            return APIResponse(status: 200, json: json, headers: [("Location", "/task-status/\(id)"), ("Idempotent-Replayed", "true")])
        case .idempotencyConflict:
            throw Problem.conflict("This Idempotency-Key was already used with a different body.")
        }
    }

    /// 1–255 visible ASCII characters, per the IETF Idempotency-Key draft's spirit.
    static func idempotencyKey(_ request: APIRequest) throws(Problem) -> String? {
        guard let key = request.raw.header("Idempotency-Key") else { return nil }
        guard !key.isEmpty, key.utf8.count <= 255, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Problem.badRequest("Idempotency-Key must be 1–255 visible ASCII characters.")
        }
        return key
    }
}
