/// A validated update-task (callback) body: what the external service reports.
public struct TaskUpdate: Sendable, Equatable {
    public var status: TaskStatus?
    public var result: JSONValue?
    public var errorMessage: String?
    public var metadata: JSONValue?

    public static let maxErrorMessageLength = 10_000
    /// `error` is accepted as an alias of `error_message`: the original README's failure
    /// example sends `{"status": "failed", "error": "…"}`.
    static let fields: Set<String> = ["status", "result", "error_message", "error", "metadata"]

    public static func validate(_ body: JSONValue) throws(Problem) -> TaskUpdate {
        guard let object = body.objectValue else {
            throw Problem.validation([.init(field: "", message: "the body must be a JSON object, got \(body.typeName)")])
        }
        var reader = FieldReader(object: object, allowed: fields)
        var update = TaskUpdate()
        if let name = reader.string("status", maxLength: 20) {
            if let status = TaskStatus(rawValue: name) { update.status = status } else {
                reader.fail("status", "must be one of \(TaskStatus.allNames)")
            }
        }
        if object["error_message"] != nil && object["error"] != nil {
            reader.fail("error", "send either error_message or error, not both")
        }
        update.errorMessage = reader.string("error_message", maxLength: maxErrorMessageLength)
            ?? reader.string("error", maxLength: maxErrorMessageLength)
        update.result = reader.value("result")
        if let result = update.result, result.serialized().utf8.count > 256 * 1024 {
            reader.fail("result", "must serialize to at most 262144 bytes")
        }
        update.metadata = reader.object("metadata", maxBytes: NewTask.maxMetadataBytes)
        if reader.errors.isEmpty && update.status == nil && update.result == nil && update.errorMessage == nil && update.metadata == nil {
            reader.fail("", "nothing to update: send status, result, error_message or metadata")
        }
        guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        return update
    }
}
