import Postgres

/// Every SQL statement the API runs, in one place.
///
/// Each call is one transaction and one round trip: a pipeline of the identity prelude
/// (role, JWT claims, actor — all `set_config(…, true)`, so they end with the transaction)
/// and the statement itself. Row-level security, not this code, decides what the caller
/// may touch; a refusal surfaces as `PostgresError.Code.privilegeDenied`.
public struct TaskStore {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Runs `statement` as `identity`; returns the statement's result.
    func run(_ statement: PostgresQuery, as identity: RequestIdentity) throws(PostgresError) -> PostgresResult {
        let prelude = PostgresQuery(
            unsafeSQL: "SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('taskmgr.actor', $3, true)",
            binds: [identity.role.rawValue, identity.claimsJSON, identity.actor])
        let results = try connection.pipeline([prelude, statement])
        return results[1]
    }

    /// The full task object the API returns: every column of the original table plus
    /// taskmgr's public ones. `json_build_object` keeps this order; timestamps render as
    /// RFC 3339 because every connection runs with TimeZone=UTC.
    static let taskJSON = """
        json_build_object('task_id', t.task_id, 'status', t.status, 'external_id', t.external_id, \
        'poll_url', t.poll_url, 'poll_method', t.poll_method, 'task_type', t.task_type, 'result', t.result, \
        'error_message', t.error_message, 'created_at', t.created_at, 'updated_at', t.updated_at, \
        'attempt_count', t.attempt_count, 'max_attempts', t.max_attempts, 'timeout_minutes', t.timeout_minutes, \
        'metadata', t.metadata, 'user_id', t.user_id, 'retry_count', t.retry_count, \
        'failure_reason', t.failure_reason, 'deadline_at', t.deadline_at, 'next_poll_at', t.next_poll_at, \
        'finished_at', t.finished_at, 'poll_interval_seconds', t.poll_interval_seconds, \
        'status_path', t.status_path, 'result_path', t.result_path, 'poll_auth', t.poll_auth)::text
        """

    /// The fields `GET /task-status/{id}` answers with (the original's three plus progress).
    static let statusJSON = """
        json_build_object('task_id', t.task_id, 'status', t.status, 'result', t.result, \
        'error_message', t.error_message, 'attempt_count', t.attempt_count, 'max_attempts', t.max_attempts, \
        'created_at', t.created_at, 'updated_at', t.updated_at)::text
        """
}

/// What a state change did.
public enum TaskChange: Sendable, Equatable {
    /// The change was applied; the task object after it.
    case changed(String)
    /// The task was already in the requested terminal state: nothing written.
    case unchanged(String)
    case notFound
    /// The task's current state doesn't allow the change.
    case conflict(current: String)
}

/// What a create did.
public enum TaskCreation: Sendable, Equatable {
    case created(String)
    /// The same Idempotency-Key and body as an earlier create: that task.
    case replayed(String)
    /// The same Idempotency-Key with a different body.
    case idempotencyConflict
}

/// A result the schema guarantees can't happen did; logged as an internal error.
public struct StoreInvariantError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
