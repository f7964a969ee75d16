import Postgres

extension TaskStore {
    /// The external service's callback: applies status/result/error/metadata to a live task.
    /// A terminal task is final: the same terminal status again is a no-op, anything else a conflict.
    public func update(taskID: String, with update: TaskUpdate, as identity: RequestIdentity) throws -> TaskChange {
        let statement = PostgresQuery(unsafeSQL: """
            WITH cur AS (SELECT task_id, status FROM task_manager WHERE task_id = $1 FOR UPDATE),
            changed AS (
              UPDATE task_manager t SET
                status = coalesce($2, t.status),
                result = CASE WHEN $3::text IS NULL THEN t.result ELSE $3::jsonb END,
                error_message = coalesce($4, t.error_message, CASE WHEN $2 = 'failed' THEN 'reported failed by the external service' END),
                metadata = CASE WHEN $5::text IS NULL THEN t.metadata ELSE $5::jsonb END,
                failure_reason = CASE coalesce($2, t.status) WHEN 'failed' THEN 'external_failure' \
            WHEN 'cancelled' THEN 'cancelled' ELSE t.failure_reason END
              FROM cur WHERE t.task_id = cur.task_id AND cur.status IN ('pending', 'in_progress')
              RETURNING \(Self.taskJSON) AS task)
            SELECT (SELECT status FROM cur), (SELECT task FROM changed),
                   (SELECT \(Self.taskJSON) FROM task_manager t WHERE t.task_id = $1)
            """, binds: [taskID, update.status?.rawValue, update.result?.serialized(), update.errorMessage,
                         update.metadata?.serialized()])
        let row = try run(statement, as: identity).rows.first
        guard let previous = row?[0].string else { return .notFound }
        if let task = row?[1].string { return .changed(task) }
        guard let current = row?[2].string else { return .notFound }
        if let requested = update.status, requested.rawValue == previous {
            return .unchanged(current)
        }
        return .conflict(current: previous)
    }

    /// failed/cancelled → pending: attempts and errors reset, a new deadline, one more retry counted.
    public func retry(taskID: String, as identity: RequestIdentity) throws -> TaskChange {
        let statement = PostgresQuery(unsafeSQL: """
            WITH cur AS (SELECT task_id, status FROM task_manager WHERE task_id = $1 FOR UPDATE),
            changed AS (
              UPDATE task_manager t SET status = 'pending', attempt_count = 0, consecutive_errors = 0,
                error_message = NULL, failure_reason = NULL, result = NULL, retry_count = t.retry_count + 1,
                deadline_at = now() + t.timeout_minutes * interval '1 minute', next_poll_at = now(),
                lease_owner = NULL, lease_expires_at = NULL
              FROM cur WHERE t.task_id = cur.task_id AND cur.status IN ('failed', 'cancelled')
              RETURNING \(Self.taskJSON) AS task)
            SELECT (SELECT status FROM cur), (SELECT task FROM changed)
            """, binds: [taskID])
        return try transition(statement, as: identity)
    }

    /// pending/in_progress → cancelled.
    public func cancel(taskID: String, reason: String?, as identity: RequestIdentity) throws -> TaskChange {
        let statement = PostgresQuery(unsafeSQL: """
            WITH cur AS (SELECT task_id, status FROM task_manager WHERE task_id = $1 FOR UPDATE),
            changed AS (
              UPDATE task_manager t SET status = 'cancelled', failure_reason = 'cancelled',
                error_message = coalesce($2, 'cancelled by ' || current_setting('taskmgr.actor', true))
              FROM cur WHERE t.task_id = cur.task_id AND cur.status IN ('pending', 'in_progress')
              RETURNING \(Self.taskJSON) AS task)
            SELECT (SELECT status FROM cur), (SELECT task FROM changed)
            """, binds: [taskID, reason])
        return try transition(statement, as: identity)
    }

    /// Reads `(previous status, changed task)` from a retry/cancel statement.
    private func transition(_ statement: PostgresQuery, as identity: RequestIdentity) throws -> TaskChange {
        let row = try run(statement, as: identity).rows.first
        guard let previous = row?[0].string else { return .notFound }
        guard let task = row?[1].string else { return .conflict(current: previous) }
        return .changed(task)
    }
}
