import Postgres

extension TaskStore {
    /// Inserts a task, or finds the one an earlier create with the same `Idempotency-Key` made.
    /// `canonicalBody` is the parsed body re-serialized, so whitespace doesn't count as a difference.
    public func create(_ task: NewTask, taskID: String, idempotencyKey: String?, canonicalBody: String,
                       as identity: RequestIdentity) throws -> TaskCreation {
        let insert = PostgresQuery(unsafeSQL: """
            INSERT INTO task_manager AS t (task_id, external_id, poll_url, poll_method, task_type, max_attempts, \
            timeout_minutes, metadata, user_id, poll_interval_seconds, status_path, result_path, poll_auth, \
            idempotency_key, idempotency_hash)
            VALUES ($1, $2, $3, $4, $5, $6::int, $7::int, $8::jsonb, $9::uuid, $10::int, $11, $12, $13, $14, \
            CASE WHEN $14::text IS NULL THEN NULL ELSE encode(sha256(convert_to($15::text, 'UTF8')), 'hex') END)
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING \(Self.taskJSON)
            """, binds: [
                taskID, task.externalID, task.pollURL, task.pollMethod, task.taskType,
                String(task.maxAttempts), String(task.timeoutMinutes), task.metadata?.serialized(),
                (task.userID ?? identity.userID)?.uuidString.lowercased(),
                task.pollIntervalSeconds.map(String.init), task.statusPath, task.resultPath, task.pollAuth,
                idempotencyKey, canonicalBody,
            ])
        let inserted: PostgresResult
        do {
            inserted = try run(insert, as: identity)
        } catch {
            // Only a repeat of this very request (after a lost reply) reuses its task id.
            guard error.code == .uniqueViolation, error.constraint == "task_manager_pkey" else { throw error }
            let mine = PostgresQuery(unsafeSQL: "SELECT \(Self.taskJSON) FROM task_manager t WHERE t.task_id = $1", binds: [taskID])
            guard let task = try run(mine, as: identity).rows.first?[0].string else { throw error }
            return .created(task)
        }
        if let created = inserted.rows.first?[0].string {
            return .created(created)
        }
        guard let idempotencyKey else {
            throw StoreInvariantError("insert returned no row without an idempotency key")
        }
        let earlier = PostgresQuery(unsafeSQL: """
            SELECT t.idempotency_hash = encode(sha256(convert_to($2::text, 'UTF8')), 'hex'), \(Self.taskJSON)
            FROM task_manager t WHERE t.idempotency_key = $1
            """, binds: [idempotencyKey, canonicalBody])
        guard let row = try run(earlier, as: identity).rows.first, row[0].bool == true, let task = row[1].string else {
            return .idempotencyConflict
        }
        return .replayed(task)
    }
}
