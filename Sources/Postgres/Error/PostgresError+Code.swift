extension PostgresError {
    /// The kind of failure. A struct, not an enum, so new kinds can be added without
    /// breaking callers' `switch`es (the postgres-nio `PSQLError.Code` pattern).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// The server could not be reached, or refused the login.
        public static let connectionFailed = Code("connectionFailed")
        /// The connection broke while (or before) a command ran; whether it ran is unknown.
        public static let connectionLost = Code("connectionLost")
        /// SQLSTATE 23505.
        public static let uniqueViolation = Code("uniqueViolation")
        /// SQLSTATE 23503.
        public static let foreignKeyViolation = Code("foreignKeyViolation")
        /// SQLSTATE 23514.
        public static let checkViolation = Code("checkViolation")
        /// SQLSTATE 23502.
        public static let notNullViolation = Code("notNullViolation")
        /// Any other SQLSTATE of class 23 (e.g. exclusion constraints).
        public static let integrityViolation = Code("integrityViolation")
        /// SQLSTATE 42501: the role may not do this (grants or row-level security).
        public static let privilegeDenied = Code("privilegeDenied")
        /// SQLSTATE 40001.
        public static let serializationFailure = Code("serializationFailure")
        /// SQLSTATE 40P01.
        public static let deadlock = Code("deadlock")
        /// SQLSTATE 57014: statement timeout or cancel request.
        public static let queryCanceled = Code("queryCanceled")
        /// Class 22: a value the server could not accept (bad uuid, out of range, …),
        /// and values this target refuses to send (a NUL byte in a string).
        public static let invalidInput = Code("invalidInput")
        /// Other class 42: bad SQL or a missing table/column — a programming error.
        public static let syntaxOrAccess = Code("syntaxOrAccess")
        /// SQLSTATE P0001: `RAISE EXCEPTION` in PL/pgSQL (the message is ours to read).
        public static let raised = Code("raised")
        /// A value in a result could not be decoded into the requested Swift type.
        public static let decoding = Code("decoding")
        /// Anything else.
        public static let other = Code("other")

        public var description: String { name }

        /// The client-safe sentence `PostgresError.description` returns.
        var summary: String {
            switch self {
            case .connectionFailed: return "could not connect to the database"
            case .connectionLost: return "the database connection was lost"
            case .uniqueViolation: return "a record with the same unique value already exists"
            case .foreignKeyViolation: return "a referenced record does not exist"
            case .checkViolation: return "a value breaks a database rule"
            case .notNullViolation: return "a required value is missing"
            case .integrityViolation: return "the change conflicts with existing data"
            case .privilegeDenied: return "permission denied"
            case .serializationFailure: return "the transaction conflicted with another one"
            case .deadlock: return "the transaction deadlocked with another one"
            case .queryCanceled: return "the database query was canceled or timed out"
            case .invalidInput: return "a value was not accepted by the database"
            case .syntaxOrAccess: return "the database rejected the query"
            case .raised: return "the database refused the operation"
            case .decoding: return "a database value could not be read"
            default: return "a database error occurred"
            }
        }
    }
}
