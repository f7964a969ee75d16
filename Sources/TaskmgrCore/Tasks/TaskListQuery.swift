import Foundation

/// `GET /tasks` filters and its keyset page position, validated from the query string.
public struct TaskListQuery: Sendable, Equatable {
    public var taskID: String?
    public var status: TaskStatus?
    public var userID: UUID?
    public var taskType: String?
    public var createdAfter: String?
    public var createdBefore: String?
    public var limit: Int = 50
    public var cursor: TaskListCursor?

    public static let maxLimit = 200
    static let parameters: Set<String> = ["task_id", "status", "user_id", "task_type", "created_after", "created_before", "limit", "cursor", "summary"]

    public init() {}

    /// Validates query parameters; unknown or malformed ones are a 400 naming them.
    public static func parse(_ items: [(name: String, value: String)]) throws(Problem) -> TaskListQuery {
        var query = TaskListQuery()
        var errors: [Problem.FieldError] = []
        var seen = Set<String>()
        for (name, value) in items {
            guard parameters.contains(name) else { errors.append(.init(field: name, message: "unknown parameter")); continue }
            guard seen.insert(name).inserted else { errors.append(.init(field: name, message: "given more than once")); continue }
            switch name {
            case "task_id":
                if TaskID.isWellFormed(value) { query.taskID = value } else {
                    errors.append(.init(field: name, message: "is not a task id"))
                }
            case "status":
                if let status = TaskStatus(rawValue: value) { query.status = status } else {
                    errors.append(.init(field: name, message: "must be one of \(TaskStatus.allNames)"))
                }
            case "user_id":
                if let uuid = UUID(uuidString: value) { query.userID = uuid } else { errors.append(.init(field: name, message: "must be a UUID")) }
            case "task_type":
                if value.count <= 50 { query.taskType = value } else { errors.append(.init(field: name, message: "must be at most 50 characters")) }
            case "created_after", "created_before":
                guard RFC3339.isValid(value) else { errors.append(.init(field: name, message: "must be an RFC 3339 timestamp")); continue }
                if name == "created_after" { query.createdAfter = value } else { query.createdBefore = value }
            case "limit":
                if let limit = Int(value), (1...maxLimit).contains(limit) { query.limit = limit } else {
                    errors.append(.init(field: name, message: "must be an integer between 1 and \(maxLimit)"))
                }
            case "cursor":
                if let cursor = TaskListCursor(encoded: value) { query.cursor = cursor } else {
                    errors.append(.init(field: name, message: "is not a cursor this server issued"))
                }
            default:
                break
            }
        }
        guard errors.isEmpty else {
            throw Problem(status: 400, slug: "invalid-query", title: "Bad Request",
                          detail: "The query string has \(errors.count) invalid parameter\(errors.count == 1 ? "" : "s").", errors: errors)
        }
        return query
    }
}

/// The opaque keyset position: the last row's `created_at` (as the database printed it, so
/// nothing is lost to rounding) and `task_id`, base64url-encoded.
public struct TaskListCursor: Sendable, Equatable {
    public var createdAt: String
    public var taskID: String

    public init(createdAt: String, taskID: String) {
        self.createdAt = createdAt
        self.taskID = taskID
    }

    public init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard encoded.count <= 200, let data = Data(base64Encoded: base64),
              let text = String(data: data, encoding: .utf8),
              let separator = text.firstIndex(of: "|") else { return nil }
        createdAt = String(text[..<separator])
        taskID = String(text[text.index(after: separator)...])
        guard RFC3339.isValid(createdAt) || createdAt.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00$"#, options: .regularExpression) != nil,
              TaskID.isWellFormed(taskID) else { return nil }
    }

    public var encoded: String {
        Data("\(createdAt)|\(taskID)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// RFC 3339 date-time check (`2026-11-30T01:02:03Z`, fractional seconds and offsets allowed).
public enum RFC3339 {
    public static func isValid(_ text: String) -> Bool {
        text.range(of: #"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d{1,9})?([Zz]|[+-]\d\d:\d\d)$"#, options: .regularExpression) != nil
    }
}

/// Task ids as they appear in paths: the original's varchar(50), limited to characters a
/// generated UUID or a hand-made id of the n8n version uses.
public enum TaskID {
    public static func isWellFormed(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 50
            && id.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            }
            && id != "." && id != ".."
    }
}
