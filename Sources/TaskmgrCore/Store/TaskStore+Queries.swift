import Postgres

extension TaskStore {
    /// `GET /task-status/{id}`: the status object, or nil when no such task is visible.
    public func status(taskID: String, as identity: RequestIdentity) throws -> String? {
        let statement = PostgresQuery(unsafeSQL: "SELECT \(Self.statusJSON) FROM task_manager t WHERE t.task_id = $1",
                                      binds: [taskID])
        return try run(statement, as: identity).rows.first?[0].string
    }

    /// One page of tasks, newest first, and the cursor for the next page (nil on the last).
    public func list(_ query: TaskListQuery, as identity: RequestIdentity) throws -> (tasks: [String], next: TaskListCursor?) {
        let statement = PostgresQuery(unsafeSQL: """
            SELECT \(Self.taskJSON), t.created_at::text, t.task_id FROM task_manager t
            WHERE ($1::text IS NULL OR t.status = $1)
              AND ($2::uuid IS NULL OR t.user_id = $2::uuid)
              AND ($3::text IS NULL OR t.task_type = $3)
              AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
              AND ($5::timestamptz IS NULL OR t.created_at < $5::timestamptz)
              AND ($6::timestamptz IS NULL OR (t.created_at, t.task_id) < ($6::timestamptz, $7::text))
              AND ($9::text IS NULL OR t.task_id = $9)
            ORDER BY t.created_at DESC, t.task_id DESC
            LIMIT $8::int
            """, binds: [
                query.status?.rawValue, query.userID?.uuidString.lowercased(), query.taskType,
                query.createdAfter, query.createdBefore, query.cursor?.createdAt, query.cursor?.taskID,
                String(query.limit + 1), query.taskID,
            ])
        let rows = try run(statement, as: identity).rows
        let page = rows.prefix(query.limit)
        let tasks = page.compactMap { $0[0].string }
        var next: TaskListCursor?
        if rows.count > query.limit, let last = page.last, let createdAt = last[1].string, let id = last[2].string {
            next = TaskListCursor(createdAt: createdAt, taskID: id)
        }
        return (tasks, next)
    }

    /// Counts per status and created/completed/failed per hour over the last 24 hours,
    /// for the dashboard (`GET /tasks?summary=counts`).
    public func summary(as identity: RequestIdentity) throws -> String {
        let statement = PostgresQuery(unsafeSQL: """
            SELECT json_build_object(
              'counts', (SELECT json_object_agg(s.status, coalesce(c.n, 0))
                         FROM unnest(ARRAY['pending', 'in_progress', 'completed', 'failed', 'cancelled']) AS s(status)
                         LEFT JOIN (SELECT status, count(*) AS n FROM task_manager GROUP BY status) c ON c.status = s.status),
              'created_per_hour', (SELECT json_agg(json_build_object(
                    'hour', h.hour,
                    'created', (SELECT count(*) FROM task_manager t WHERE t.created_at >= h.hour AND t.created_at < h.hour + interval '1 hour'),
                    'completed', (SELECT count(*) FROM task_manager t WHERE t.status = 'completed' AND t.finished_at >= h.hour AND t.finished_at < h.hour + interval '1 hour'),
                    'failed', (SELECT count(*) FROM task_manager t WHERE t.status = 'failed' AND t.finished_at >= h.hour AND t.finished_at < h.hour + interval '1 hour')
                  ) ORDER BY h.hour)
                  FROM generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') AS h(hour))
            )::text
            """)
        guard let summary = try run(statement, as: identity).rows.first?[0].string else {
            throw StoreInvariantError("summary returned no row")
        }
        return summary
    }

    /// `GET /task-events/{id}`: the status history, oldest first, or nil when no such task is visible.
    public func events(taskID: String, as identity: RequestIdentity) throws -> String? {
        let statement = PostgresQuery(unsafeSQL: """
            SELECT EXISTS (SELECT 1 FROM task_manager WHERE task_id = $1),
              json_build_object('task_id', $1::text, 'events', coalesce((
                SELECT json_agg(json_build_object('id', h.id, 'old_status', h.old_status, 'new_status', h.new_status,
                  'changed_at', h.changed_at, 'actor', h.actor, 'reason', h.reason, 'error_message', h.error_message) ORDER BY h.id)
                FROM task_status_history h WHERE h.task_id = $1), '[]'::json))::text
            """, binds: [taskID])
        guard let row = try run(statement, as: identity).rows.first, row[0].bool == true else { return nil }
        return row[1].string
    }
}
