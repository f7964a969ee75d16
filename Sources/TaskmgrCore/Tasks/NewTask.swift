import Foundation

/// A validated create-task body. Field names and defaults follow the original n8n contract.
public struct NewTask: Sendable, Equatable {
    public var externalID: String?
    public var pollURL: String?
    public var pollMethod: String = "GET"
    public var taskType: String?
    public var maxAttempts: Int = 10
    public var timeoutMinutes: Int = 120
    public var metadata: JSONValue?
    public var userID: UUID?
    public var pollIntervalSeconds: Int?
    public var statusPath: String?
    public var resultPath: String?
    public var pollAuth: String?

    public static let maxAttemptsRange = 1...1000
    public static let timeoutMinutesRange = 1...525_600
    public static let pollIntervalRange = 5...86_400
    public static let maxMetadataBytes = 16 * 1024

    static let fields: Set<String> = [
        "external_id", "poll_url", "poll_method", "task_type", "max_attempts", "timeout_minutes",
        "metadata", "user_id", "poll_interval_seconds", "status_path", "result_path", "poll_auth",
    ]

    public init() {}

    /// Validates a parsed body; every problem is reported in one 422.
    public static func validate(_ body: JSONValue) throws(Problem) -> NewTask {
        guard let object = body.objectValue else {
            throw Problem.validation([.init(field: "", message: "the body must be a JSON object, got \(body.typeName)")])
        }
        var reader = FieldReader(object: object, allowed: fields)
        var task = NewTask()
        task.externalID = reader.string("external_id", maxLength: 255)
        task.taskType = reader.string("task_type", maxLength: 50)
        if let url = reader.string("poll_url", maxLength: PollURL.maxLength) {
            switch PollURL.validate(url) {
            case .success: task.pollURL = url
            case .failure(let error): reader.fail("poll_url", error.message)
            }
        }
        if let method = reader.string("poll_method", maxLength: 10) {
            let upper = method.uppercased()
            if upper == "GET" || upper == "POST" { task.pollMethod = upper } else { reader.fail("poll_method", "must be GET or POST") }
        }
        task.maxAttempts = reader.integer("max_attempts", range: maxAttemptsRange) ?? task.maxAttempts
        task.timeoutMinutes = reader.integer("timeout_minutes", range: timeoutMinutesRange) ?? task.timeoutMinutes
        task.metadata = reader.object("metadata", maxBytes: maxMetadataBytes)
        task.userID = reader.uuid("user_id")
        task.pollIntervalSeconds = reader.integer("poll_interval_seconds", range: pollIntervalRange)
        task.statusPath = reader.jsonPointer("status_path")
        task.resultPath = reader.jsonPointer("result_path")
        if let name = reader.string("poll_auth", maxLength: 64) {
            if CredentialName.isValid(name) { task.pollAuth = name } else {
                reader.fail("poll_auth", "must name a credential: letters, digits, '.', '_' or '-'")
            }
        }
        guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        return task
    }
}

/// The name of a credential configured on the monitor host; never a secret itself.
public enum CredentialName {
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) }
    }
}
