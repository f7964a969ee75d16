/// One libpq connection, used by one thread at a time (it is deliberately not `Sendable`).
///
/// Each distinct SQL text is prepared once per server session and then executed by name.
/// When the server goes away, the failing call throws `.connectionLost` and the connection
/// is re-established on the next call (or by `reconnectIfNeeded()`, which request loops
/// call first): a broken connection never fails every request after it.
public final class PostgresConnection {
    let libpq: LibPQConnection
    /// What this connection was opened with (`logDescription` says where, safely).
    public let settings: ConnectionSettings
    var statements = PreparedStatementCache()
    /// How many `transaction` calls are running; a lost connection is not silently
    /// re-established inside one (the statements after it would run outside the transaction).
    var transactionDepth = 0
    /// The session was replaced while a `transaction` was running: its work is gone, and
    /// every later command of that transaction must fail rather than run on the new session.
    var sessionLostInTransaction = false

    /// Connects, or throws `.connectionFailed` (the libpq text is in `serverMessage`, for logs).
    public init(_ settings: ConnectionSettings) throws(PostgresError) {
        let pairs = settings.parameters.map { (keyword: $0.keyword, value: $0.value) }
        switch LibPQConnection.connect(parameters: pairs, expandDatabaseName: settings.expandDatabaseName) {
        case .success(let connection):
            libpq = connection
        case .failure(let failure):
            throw PostgresError(code: .connectionFailed, serverMessage: failure.message)
        }
        self.settings = settings
        libpq.receiveWarnings(LibPQConnection.WarningSink(ServerWarningLog.write))
    }

    /// Sends the server's WARNINGs to `receive` instead of the log (tests).
    func receiveWarnings(_ receive: @escaping (_ sqlState: String?, _ message: String?) -> Void) {
        libpq.receiveWarnings(LibPQConnection.WarningSink(receive))
    }

    /// Whether the connection is currently usable, as far as libpq knows (a server that
    /// went away is noticed by the next command).
    public var isConnected: Bool { libpq.isOK }

    /// The server process id of this session (for `pg_terminate_backend` and logs).
    public var backendPID: Int { Int(libpq.backendPID) }

    /// Makes the connection ready for a new request: reconnects (`PQreset`) when it broke,
    /// and rolls back a transaction a previous request left open. Throws
    /// `.connectionFailed` when the server still can't be reached.
    public func reconnectIfNeeded() throws(PostgresError) {
        if libpq.isInPipelineMode && libpq.isOK {
            drainPipeline()
        }
        guard libpq.isOK else {
            guard resetSession() else {
                throw PostgresError(code: .connectionFailed, serverMessage: libpq.errorMessage)
            }
            return
        }
        switch libpq.transactionStatus {
        case .inTransaction, .inFailedTransaction:
            if transactionDepth == 0 { _ = libpq.exec("ROLLBACK") }
        case .idle, .active, .unknown:
            break
        }
    }

    /// Prepared statements kept per session. taskmgr's SQL is a fixed set, so the limit is
    /// only a guard against SQL built at run time; past it, new texts run unprepared.
    static let preparedStatementLimit = 256

    /// Runs `query` (preparing its SQL on first use) and returns its rows.
    public func query(_ query: PostgresQuery) throws(PostgresError) -> PostgresResult {
        try checkBinds(query)
        try reconnectOutsideTransaction()
        guard statements.name(for: query.sql) != nil || statements.count < Self.preparedStatementLimit else {
            return PostgresResult(try checked(libpq.execParams(sql: query.sql, binds: query.binds), sql: query.sql))
        }
        let name = try preparedName(for: query.sql)
        var snapshot = libpq.execPrepared(name: name, binds: query.binds)
        if Self.isStalePreparedStatement(snapshot), libpq.transactionStatus == .idle {
            // Outside a transaction nothing ran, so it is safe to prepare afresh and try once more.
            statements.forget(query.sql)
            _ = libpq.exec("DEALLOCATE \(name)")
            let name = try preparedName(for: query.sql)
            snapshot = libpq.execPrepared(name: name, binds: query.binds)
        }
        return PostgresResult(try checked(snapshot, sql: query.sql))
    }

    /// The session no longer has the statement (26000: `DISCARD ALL`, a pooler), or the
    /// statement's result shape changed under it (0A000: "cached plan must not change
    /// result type" after a migration altered a table).
    static func isStalePreparedStatement(_ snapshot: LibPQResultSnapshot) -> Bool {
        snapshot.status.isError && (snapshot.error.sqlState == "26000" || snapshot.error.sqlState == "0A000")
    }

    /// Runs a script of one or more statements with the simple protocol and no parameters
    /// (migration files). Without its own BEGIN/COMMIT the script is one transaction.
    public func execute(script: String) throws(PostgresError) {
        try reconnectOutsideTransaction()
        _ = try checked(libpq.exec(script), sql: script)
    }

    /// The name `sql` is prepared under on this session, preparing it if needed.
    func preparedName(for sql: String) throws(PostgresError) -> String {
        if let name = statements.name(for: sql) { return name }
        let name = statements.nextName()
        _ = try checked(libpq.prepare(name: name, sql: sql), sql: sql)
        statements.remember(name, for: sql)
        return name
    }

    /// `snapshot` if it succeeded, else the classified error it describes.
    func checked(_ snapshot: LibPQResultSnapshot, sql: String?) throws(PostgresError) -> LibPQResultSnapshot {
        guard snapshot.status.isError else { return snapshot }
        let broken = !libpq.isOK
        if broken { statements.removeAll() }
        throw PostgresError(result: snapshot, connectionBroken: broken, fallbackMessage: libpq.errorMessage, sql: sql)
    }

    /// Re-establishes a broken connection before a command, unless a `transaction` is in
    /// progress (then the command fails: its transaction is gone).
    func reconnectOutsideTransaction() throws(PostgresError) {
        if transactionDepth > 0 && sessionLostInTransaction {
            throw PostgresError(code: .connectionLost, serverMessage: "the transaction's session was lost")
        }
        guard !libpq.isOK else { return }
        guard transactionDepth == 0 else {
            sessionLostInTransaction = true
            throw PostgresError(code: .connectionLost, serverMessage: libpq.errorMessage)
        }
        try reconnectIfNeeded()
    }

    /// Closes and reopens the server session (`PQreset`); prepared statements and any
    /// transaction in progress are gone with the old one. Returns whether it worked.
    func resetSession() -> Bool {
        statements.removeAll()
        if transactionDepth > 0 { sessionLostInTransaction = true }
        return libpq.reset()
    }

    /// PostgreSQL text cannot hold a NUL byte, and libpq would silently cut the value at it:
    /// refuse such a bind rather than send something other than what the caller gave.
    /// Also refuses more binds than the protocol can carry, before anything is sent.
    func checkBinds(_ query: PostgresQuery) throws(PostgresError) {
        if query.binds.count > 65_535 {
            throw PostgresError(
                code: .other, sqlState: "54023",
                serverMessage: "\(query.binds.count) binds; at most 65535 fit in one statement", sql: query.sql
            )
        }
        for (position, bind) in query.binds.enumerated() where bind?.utf8.contains(0) == true {
            throw PostgresError(
                code: .invalidInput, sqlState: "22021",
                serverMessage: "bind $\(position + 1) contains a NUL byte", sql: query.sql
            )
        }
    }
}

@available(*, unavailable, message: "one PostgresConnection per thread")
extension PostgresConnection: Sendable {}
