extension PostgresError.Code {
    /// Classifies a SQLSTATE the way the server groups them: by class (first two
    /// characters), with the specific codes taskmgr reacts to picked out first.
    /// `nil` (libpq's own errors carry none) maps to `.other`.
    public init(sqlState: String?) {
        guard let sqlState, sqlState.utf8.count == 5 else {
            self = .other
            return
        }
        switch sqlState {
        case "23505": self = .uniqueViolation
        case "23503": self = .foreignKeyViolation
        case "23514": self = .checkViolation
        case "23502": self = .notNullViolation
        case "42501": self = .privilegeDenied
        case "40001": self = .serializationFailure
        case "40P01": self = .deadlock
        case "57014": self = .queryCanceled
        case "P0001": self = .raised
        // admin_shutdown, crash_shutdown, cannot_connect_now: the backend is gone.
        case "57P01", "57P02", "57P03": self = .connectionLost
        default:
            switch sqlState.prefix(2) {
            case "08": self = .connectionLost
            case "23": self = .integrityViolation
            case "42": self = .syntaxOrAccess
            case "22": self = .invalidInput
            case "28": self = .connectionFailed  // invalid authorization (login refused)
            default: self = .other
            }
        }
    }
}

extension PostgresError {
    /// The error a failed command's result describes, classified by its SQLSTATE;
    /// `connectionBroken` (PQstatus is CONNECTION_BAD afterwards) wins over the SQLSTATE.
    init(result: LibPQResultSnapshot, connectionBroken: Bool, fallbackMessage: String, sql: String?) {
        let fields = result.error
        self.init(
            code: connectionBroken ? .connectionLost : Code(sqlState: fields.sqlState),
            sqlState: fields.sqlState,
            serverMessage: fields.message ?? fields.fullMessage ?? Self.nonEmpty(fallbackMessage),
            detail: fields.detail,
            constraint: fields.constraint,
            sql: sql
        )
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }
}
