extension PostgresConnection {
    /// Runs `queries` in one round trip (libpq pipeline mode) as one implicit transaction:
    /// everything before the single Sync commits together or not at all, so a
    /// `set_config('role', …, true)` in the first query scopes the role to the pipeline.
    ///
    /// If any query fails, the server skips the rest and rolls everything back; the first
    /// failure is thrown. SQL not yet prepared on this session is prepared in the same trip.
    ///
    /// A pipeline that failed only because a prepared statement went stale (see
    /// `isStalePreparedStatement`) is run once more, outside transactions: it was rolled back whole.
    public func pipeline(_ queries: [PostgresQuery]) throws(PostgresError) -> [PostgresResult] {
        if queries.isEmpty { return [] }
        for query in queries { try checkBinds(query) }
        try reconnectOutsideTransaction()
        do {
            return try runPipeline(queries)
        } catch where ["26000", "0A000"].contains(error.sqlState) && libpq.transactionStatus == .idle {
            return try runPipeline(queries)
        }
    }

    private func runPipeline(_ queries: [PostgresQuery]) throws(PostgresError) -> [PostgresResult] {
        guard libpq.enterPipelineMode() else {
            throw PostgresError(code: libpq.isOK ? .other : .connectionLost, serverMessage: libpq.errorMessage)
        }
        let sent = sendPipeline(queries)
        if let failure = sent.failure, libpq.isOK {
            // libpq refused to queue a command on a live connection: what was queued must
            // not run on its own (it would commit without the rest), so drop the session.
            let lost = PostgresError(code: .connectionLost, serverMessage: failure)
            _ = resetSession()
            throw lost
        }
        let results = readPipeline(queries, sent: sent)
        drainPipeline()
        if let error = results.error { throw error }
        return results.values
    }

    /// One protocol step queued in a pipeline, in the order its results come back.
    enum PipelineStep {
        case prepare(sql: String, name: String)
        case execute(index: Int)
    }

    /// Queues a Parse (for SQL new to the session) and a Bind/Execute per query, then the
    /// Sync. Stops queueing at the first send libpq refuses (a broken connection).
    private func sendPipeline(_ queries: [PostgresQuery]) -> (steps: [PipelineStep], failure: String?) {
        var steps: [PipelineStep] = []
        var namesInThisPipeline: [String: String] = [:]
        for (index, query) in queries.enumerated() {
            var name = statements.name(for: query.sql) ?? namesInThisPipeline[query.sql]
            if name == nil {
                let newName = statements.nextName()
                guard libpq.sendPrepare(name: newName, sql: query.sql) else {
                    return (steps, libpq.errorMessage)
                }
                steps.append(.prepare(sql: query.sql, name: newName))
                namesInThisPipeline[query.sql] = newName
                name = newName
            }
            guard libpq.sendQueryPrepared(name: name!, binds: query.binds) else {
                return (steps, libpq.errorMessage)
            }
            steps.append(.execute(index: index))
        }
        guard libpq.pipelineSync() else { return (steps, libpq.errorMessage) }
        return (steps, nil)
    }

    /// Reads each queued step's result; remembers statements that were prepared and keeps
    /// the first error (later steps only report "pipeline aborted").
    private func readPipeline(
        _ queries: [PostgresQuery],
        sent: (steps: [PipelineStep], failure: String?)
    ) -> (values: [PostgresResult], error: PostgresError?) {
        var values: [PostgresResult] = []
        values.reserveCapacity(queries.count)
        var firstError: PostgresError?
        for step in sent.steps {
            var last: LibPQResultSnapshot?
            while let snapshot = libpq.nextResult() { last = snapshot }
            let sql: String
            switch step {
            case .prepare(let prepared, _): sql = prepared
            case .execute(let index): sql = queries[index].sql
            }
            guard let snapshot = last else {
                // No result at all: the connection is gone (or libpq lost track).
                firstError = firstError ?? brokenPipelineError(sql: sql)
                break
            }
            if snapshot.status.isError {
                if case .execute = step, Self.isStalePreparedStatement(snapshot) { statements.forget(sql) }
                if firstError == nil, snapshot.status != .pipelineAborted {
                    firstError = PostgresError(
                        result: snapshot, connectionBroken: !libpq.isOK,
                        fallbackMessage: libpq.errorMessage, sql: sql
                    )
                }
                continue
            }
            switch step {
            case .prepare(let sql, let name): statements.remember(name, for: sql)
            case .execute: values.append(PostgresResult(snapshot))
            }
        }
        if firstError == nil, let failure = sent.failure {
            firstError = PostgresError(code: libpq.isOK ? .other : .connectionLost, serverMessage: failure)
        }
        if firstError == nil, values.count != queries.count {
            firstError = brokenPipelineError(sql: nil)
        }
        if firstError?.isConnectionProblem == true { statements.removeAll() }
        return (values, firstError)
    }

    private func brokenPipelineError(sql: String?) -> PostgresError {
        PostgresError(
            code: libpq.isOK ? .other : .connectionLost,
            serverMessage: libpq.isOK ? "pipeline returned fewer results than queries" : libpq.errorMessage,
            sql: sql
        )
    }

    /// Reads results until the Sync's (or until the connection is gone), then leaves
    /// pipeline mode. If libpq still refuses, the session is reset: a connection stuck in
    /// pipeline mode would fail every later call.
    func drainPipeline() {
        var emptyReads = 0
        while libpq.isOK, emptyReads < 2 {
            guard let snapshot = libpq.nextResult() else {
                emptyReads += 1
                continue
            }
            emptyReads = 0
            if snapshot.status == .pipelineSync { break }
        }
        if !libpq.exitPipelineMode() {
            _ = resetSession()
        }
    }
}
