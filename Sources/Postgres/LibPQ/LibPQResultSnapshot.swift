import CLibPQ

/// Everything taskmgr needs from one `PGresult`, copied into Swift values.
///
/// The wrappers in `LibPQConnection` build a snapshot and `PQclear` the result at once,
/// so no `PGresult*` survives the call that produced it.
struct LibPQResultSnapshot: Sendable {
    /// The outcome of one command, one case per `ExecStatusType` libpq 15 can return.
    enum Status: Sendable, Equatable {
        case emptyQuery, commandOK, tuplesOK, singleTuple
        case copyOut, copyIn, copyBoth
        case badResponse, nonfatalError, fatalError
        case pipelineSync, pipelineAborted
        case unknown(UInt32)

        /// Whether the command failed (the snapshot's error fields then say why).
        var isError: Bool {
            switch self {
            case .badResponse, .fatalError, .pipelineAborted, .unknown: return true
            case .emptyQuery, .commandOK, .tuplesOK, .singleTuple, .copyOut, .copyIn, .copyBoth,
                 .nonfatalError, .pipelineSync:
                return false
            }
        }
    }

    /// The error fields of a failed command (all `nil` for a successful one).
    struct ErrorFields: Sendable {
        var sqlState: String?
        var message: String?
        var detail: String?
        var hint: String?
        var constraint: String?
        /// `PQresultErrorMessage`: the whole formatted message, for logs.
        var fullMessage: String?
    }

    var status: Status
    var columns: [String]
    var rows: [[String?]]
    /// `PQcmdTuples`: rows affected by INSERT/UPDATE/DELETE/SELECT…; 0 when not applicable.
    var affectedRows: Int
    /// `PQcmdStatus`: the command tag, e.g. `INSERT 0 1` or `ROLLBACK`.
    var commandTag: String
    var error: ErrorFields

    /// Copies `result` (which may be `NULL`: libpq's answer to out-of-memory or to no
    /// connection at all). The caller keeps ownership and must `PQclear` it.
    /// `forceErrorFields` reads the diagnostic fields whatever the status (for notices).
    init(copying result: OpaquePointer?, forceErrorFields: Bool = false) {
        guard let result else {
            status = .fatalError
            columns = []
            rows = []
            affectedRows = 0
            commandTag = ""
            error = ErrorFields()
            return
        }
        status = Self.status(of: result)
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let rowCount = Int(PQntuples(result))
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                values.append(Self.value(of: result, row: row, column: column))
            }
            rows.append(values)
        }
        self.rows = rows
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        commandTag = String(cString: PQcmdStatus(result))
        error = forceErrorFields || status.isError || status == .nonfatalError ? Self.errorFields(of: result) : ErrorFields()
    }

    /// One cell as text, or `nil` for SQL NULL.
    /// The corresponding C functions are `PQgetisnull`, `PQgetvalue` and `PQgetlength`.
    private static func value(of result: OpaquePointer, row: Int32, column: Int32) -> String? {
        if PQgetisnull(result, row, column) != 0 { return nil }
        let length = Int(PQgetlength(result, row, column))
        let bytes = UnsafeRawPointer(PQgetvalue(result, row, column)!).assumingMemoryBound(to: UInt8.self)
        return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    /// The result's status. The corresponding C function is `PQresultStatus`.
    private static func status(of result: OpaquePointer) -> Status {
        switch PQresultStatus(result) {
        case PGRES_EMPTY_QUERY: return .emptyQuery
        case PGRES_COMMAND_OK: return .commandOK
        case PGRES_TUPLES_OK: return .tuplesOK
        case PGRES_SINGLE_TUPLE: return .singleTuple
        case PGRES_COPY_OUT: return .copyOut
        case PGRES_COPY_IN: return .copyIn
        case PGRES_COPY_BOTH: return .copyBoth
        case PGRES_BAD_RESPONSE: return .badResponse
        case PGRES_NONFATAL_ERROR: return .nonfatalError
        case PGRES_FATAL_ERROR: return .fatalError
        case PGRES_PIPELINE_SYNC: return .pipelineSync
        case PGRES_PIPELINE_ABORTED: return .pipelineAborted
        case let other: return .unknown(other.rawValue)
        }
    }

    /// The diagnostic fields of a failed command.
    /// The corresponding C functions are `PQresultErrorField` and `PQresultErrorMessage`.
    private static func errorFields(of result: OpaquePointer) -> ErrorFields {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        let full = String(cString: PQresultErrorMessage(result))
        return ErrorFields(
            sqlState: field("C"),
            message: field("M"),
            detail: field("D"),
            hint: field("H"),
            constraint: field("n"),
            fullMessage: full.isEmpty ? nil : full
        )
    }
}
