import CLibPQ

/// Owner of one `PGconn`: every libpq call taskmgr makes on a connection is wrapped here,
/// once, and nothing above this type sees a C pointer.
///
/// The handle is closed with `PQfinish` in `deinit`, and right after a failed connect
/// (once its error message has been copied).
final class LibPQConnection {
    private let handle: OpaquePointer

    /// What `PQtransactionStatus` says about the server-side transaction.
    enum TransactionStatus: Equatable {
        case idle, active, inTransaction, inFailedTransaction, unknown
    }

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQfinish(handle)
    }

    /// Opens a connection from keyword/value pairs, never from a pasted conninfo string.
    /// With `expandDatabaseName`, a `dbname` value holding a URL or conninfo is expanded.
    /// Returns the libpq error text when the connection could not be made.
    /// The corresponding C functions are `PQconnectdbParams`, `PQstatus`, `PQerrorMessage`
    /// and `PQfinish`.
    static func connect(
        parameters: [(keyword: String, value: String)],
        expandDatabaseName: Bool
    ) -> Result<LibPQConnection, ConnectFailure> {
        let handle = withCStringArray(parameters.map(\.keyword), nullTerminated: true) { keywords in
            withCStringArray(parameters.map(\.value), nullTerminated: true) { values in
                PQconnectdbParams(keywords, values, expandDatabaseName ? 1 : 0)
            }
        }
        guard let handle else { return .failure(ConnectFailure(message: "out of memory")) }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            return .failure(ConnectFailure(message: message))
        }
        return .success(LibPQConnection(handle: handle))
    }

    /// The libpq error text of a failed connect (for logs only: it names hosts and users).
    struct ConnectFailure: Error {
        var message: String
    }

    /// Whether the connection is usable. The corresponding C function is `PQstatus`.
    var isOK: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The last error libpq recorded on the connection.
    /// The corresponding C function is `PQerrorMessage`.
    var errorMessage: String { String(cString: PQerrorMessage(handle)) }

    /// The server process serving this connection. The corresponding C function is `PQbackendPID`.
    var backendPID: Int32 { PQbackendPID(handle) }

    /// Closes the socket and reconnects with the same parameters; returns whether it worked.
    /// The corresponding C function is `PQreset`.
    func reset() -> Bool {
        PQreset(handle)
        return isOK
    }

    /// The server-side transaction state. The corresponding C function is `PQtransactionStatus`.
    var transactionStatus: TransactionStatus {
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .inFailedTransaction
        default: return .unknown
        }
    }

    /// Whether the connection is in pipeline mode. The corresponding C function is `PQpipelineStatus`.
    var isInPipelineMode: Bool { PQpipelineStatus(handle) != PQ_PIPELINE_OFF }

    /// Runs one or more statements with the simple protocol, no parameters.
    /// The corresponding C function is `PQexec`.
    func exec(_ sql: String) -> LibPQResultSnapshot {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        return LibPQResultSnapshot(copying: result)
    }

    /// Prepares `sql` under `name`, letting the server infer parameter types.
    /// The corresponding C function is `PQprepare`.
    func prepare(name: String, sql: String) -> LibPQResultSnapshot {
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        return LibPQResultSnapshot(copying: result)
    }

    /// Runs the prepared statement `name` with text parameters (`nil` is SQL NULL).
    /// The corresponding C function is `PQexecPrepared`.
    func execPrepared(name: String, binds: [String?]) -> LibPQResultSnapshot {
        let result = withCStringArray(binds) { values in
            PQexecPrepared(handle, name, Int32(binds.count), values, nil, nil, 0)
        }
        defer { PQclear(result) }
        return LibPQResultSnapshot(copying: result)
    }

    /// Runs `sql` once with text parameters, unprepared (the unnamed statement).
    /// The corresponding C function is `PQexecParams`.
    func execParams(sql: String, binds: [String?]) -> LibPQResultSnapshot {
        let result = withCStringArray(binds) { values in
            PQexecParams(handle, sql, Int32(binds.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        return LibPQResultSnapshot(copying: result)
    }

    /// Switches to pipeline mode. The corresponding C function is `PQenterPipelineMode`.
    func enterPipelineMode() -> Bool { PQenterPipelineMode(handle) == 1 }

    /// Leaves pipeline mode (fails while results are pending).
    /// The corresponding C function is `PQexitPipelineMode`.
    func exitPipelineMode() -> Bool { PQexitPipelineMode(handle) == 1 }

    /// Queues a Parse of `sql` under `name`. The corresponding C function is `PQsendPrepare`.
    func sendPrepare(name: String, sql: String) -> Bool {
        PQsendPrepare(handle, name, sql, 0, nil) == 1
    }

    /// Queues a Bind/Execute of the prepared statement `name`.
    /// The corresponding C function is `PQsendQueryPrepared`.
    func sendQueryPrepared(name: String, binds: [String?]) -> Bool {
        withCStringArray(binds) { values in
            PQsendQueryPrepared(handle, name, Int32(binds.count), values, nil, nil, 0) == 1
        }
    }

    /// Queues a Sync and flushes the pipeline. The corresponding C function is `PQpipelineSync`.
    func pipelineSync() -> Bool { PQpipelineSync(handle) == 1 }

    /// The next result of the command in flight, or `nil` at the end of one command's
    /// results. The corresponding C function is `PQgetResult`.
    func nextResult() -> LibPQResultSnapshot? {
        guard let result = PQgetResult(handle) else { return nil }
        defer { PQclear(result) }
        return LibPQResultSnapshot(copying: result)
    }

    /// Receives the server's WARNINGs (SQLSTATE, message); kept alive by the connection
    /// because libpq only holds a raw pointer to it.
    final class WarningSink {
        let receive: (_ sqlState: String?, _ message: String?) -> Void
        init(_ receive: @escaping (_ sqlState: String?, _ message: String?) -> Void) { self.receive = receive }
    }

    private var warningSink: WarningSink?

    /// Replaces libpq's default of printing every server notice to stderr unformatted
    /// (migrations raise many "already exists, skipping" NOTICEs): WARNINGs go to `sink`,
    /// lesser notices are dropped. The corresponding C function is `PQsetNoticeReceiver`.
    func receiveWarnings(_ sink: WarningSink) {
        warningSink = sink
        PQsetNoticeReceiver(handle, { context, notice in
            guard let context, let notice,
                  let severity = PQresultErrorField(notice, Int32(UInt8(ascii: "V"))),
                  String(cString: severity) == "WARNING"
            else { return }
            let snapshot = LibPQResultSnapshot(copying: notice, forceErrorFields: true)
            let sink = Unmanaged<WarningSink>.fromOpaque(context).takeUnretainedValue()
            sink.receive(snapshot.error.sqlState, snapshot.error.message)
        }, Unmanaged.passUnretained(sink).toOpaque())
    }

    /// Splits a conninfo string or URL into its keywords, or returns libpq's complaint.
    /// The corresponding C functions are `PQconninfoParse`, `PQconninfoFree` and `PQfreemem`.
    static func parseConninfo(_ conninfo: String) -> Result<[String: String], ConnectFailure> {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "invalid connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            return .failure(ConnectFailure(message: message))
        }
        defer { PQconninfoFree(options) }
        var parsed: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                parsed[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        return .success(parsed)
    }
}
