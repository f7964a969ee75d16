/// A failed database operation, classified so callers can react without parsing text.
///
/// `description` is safe to show a client: it never contains SQL, server messages,
/// host names or user names. Those go to `logDescription`, which is for the log only.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; see `PostgresError+Code.swift`.
    public let code: Code
    /// The five-character SQLSTATE the server sent, if any.
    public let sqlState: String?
    /// The server's primary message (log only).
    public let serverMessage: String?
    /// The server's DETAIL line (log only: it may quote row values).
    public let detail: String?
    /// The violated constraint's name, for integrity errors.
    public let constraint: String?
    /// The SQL text of the failing statement, when there was one (log only).
    public let sql: String?

    public init(
        code: Code,
        sqlState: String? = nil,
        serverMessage: String? = nil,
        detail: String? = nil,
        constraint: String? = nil,
        sql: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.serverMessage = serverMessage
        self.detail = detail
        self.constraint = constraint
        self.sql = sql
    }

    /// Worth running the whole transaction again: serialization failures and deadlocks.
    /// (A lost connection is not included: whether the command ran is unknown.)
    public var isRetryable: Bool {
        code == .serializationFailure || code == .deadlock
    }

    /// The database could not be reached or went away.
    public var isConnectionProblem: Bool {
        code == .connectionFailed || code == .connectionLost
    }

    /// A short, client-safe sentence.
    public var description: String {
        code.summary
    }

    /// Everything known about the failure, in `key=value` form for one log line.
    /// Never shown to clients: it may contain SQL, row values and server names.
    public var logDescription: String {
        var parts = ["code=\(code)"]
        if let sqlState { parts.append("sqlstate=\(sqlState)") }
        if let constraint { parts.append("constraint=\(constraint)") }
        if let serverMessage { parts.append("message=\(Self.quoted(serverMessage))") }
        if let detail { parts.append("detail=\(Self.quoted(detail))") }
        if let sql { parts.append("sql=\(Self.quoted(sql))") }
        return parts.joined(separator: " ")
    }

    /// Quotes a value for a one-line log: newlines and quotes escaped.
    private static func quoted(_ text: String) -> String {
        let escaped = text.trimmingTrailingNewlines
            .replacingAll("\\", with: "\\\\")
            .replacingAll("\"", with: "\\\"")
            .replacingAll("\n", with: "\\n")
        return "\"\(escaped)\""
    }
}

extension String {
    /// libpq ends its messages with a newline; a log line should not.
    fileprivate var trimmingTrailingNewlines: String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }

    /// Replaces every `target` character; enough for log quoting, no Foundation needed.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
