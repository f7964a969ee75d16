extension PostgresConnection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws
    /// (the error is rethrown). Inside another transaction it uses a savepoint instead,
    /// so nested calls roll back only their own part.
    ///
    /// If the body caught a database error and carried on, the server has already
    /// aborted the transaction; this throws rather than report a COMMIT that rolled back.
    /// If the connection broke inside, every later command of the body and the COMMIT
    /// throw `.connectionLost`; the next call after the transaction reconnects.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try reconnectOutsideTransaction()
        let savepoint: String? = libpq.transactionStatus == .idle ? nil : "taskmgr_savepoint_\(transactionDepth + 1)"
        try run(savepoint.map { "SAVEPOINT \($0)" } ?? "BEGIN")
        transactionDepth += 1
        defer {
            transactionDepth -= 1
            if transactionDepth == 0 { sessionLostInTransaction = false }
        }
        let value: T
        do {
            value = try body(self)
        } catch {
            rollBack(to: savepoint)
            throw error
        }
        try commit(savepoint: savepoint)
        return value
    }

    /// COMMIT (or RELEASE the savepoint), unless the server already aborted the transaction
    /// or the session it ran on is gone.
    private func commit(savepoint: String?) throws(PostgresError) {
        if sessionLostInTransaction || !libpq.isOK {
            sessionLostInTransaction = true
            throw PostgresError(code: .connectionLost, serverMessage: "the transaction's session was lost before COMMIT")
        }
        if libpq.transactionStatus == .inFailedTransaction {
            rollBack(to: savepoint)
            throw Self.abortedTransactionError
        }
        if let savepoint {
            try run("RELEASE SAVEPOINT \(savepoint)")
            return
        }
        let tag = try run("COMMIT")
        if tag == "ROLLBACK" { throw Self.abortedTransactionError }
    }

    /// ROLLBACK (or back to the savepoint); a failure here changes nothing for the caller,
    /// who is already throwing: a lost connection rolls back on the server by itself.
    private func rollBack(to savepoint: String?) {
        guard libpq.isOK, !sessionLostInTransaction else { return }
        if let savepoint {
            _ = libpq.exec("ROLLBACK TO SAVEPOINT \(savepoint)")
            _ = libpq.exec("RELEASE SAVEPOINT \(savepoint)")
        } else {
            _ = libpq.exec("ROLLBACK")
        }
    }

    /// Runs a fixed transaction-control statement; returns its command tag.
    @discardableResult
    private func run(_ sql: String) throws(PostgresError) -> String {
        try checked(libpq.exec(sql), sql: sql).commandTag
    }

    private static let abortedTransactionError = PostgresError(
        code: .other, sqlState: "25P02",
        serverMessage: "the transaction was aborted by an earlier error that the body caught; rolled back"
    )
}
