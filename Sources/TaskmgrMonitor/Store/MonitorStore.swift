import Foundation
import Postgres
import TaskmgrCore

/// Every SQL statement the monitor runs, in one place (STYLE.md: "All SQL of the domain
/// lives in one store type").
///
/// The connection logs in as `taskmgr_monitor` and switches to `service_role` for the whole
/// session, so row-level security applies and the status-history trigger records
/// `monitor:<host>` as the actor.
public final class MonitorStore {
    let connection: PostgresConnection
    let leaseOwner: String
    /// Test-only: restricts every statement to tasks (and alerts) of this `task_type`.
    let taskTypeFilter: String?

    /// Connects and prepares the session (role and actor).
    public init(settings: ConnectionSettings, leaseOwner: String, actor: String, taskTypeFilter: String?) throws(PostgresError) {
        connection = try PostgresConnection(settings)
        self.leaseOwner = leaseOwner
        self.taskTypeFilter = taskTypeFilter
        // enable_nestloop off: the batch write-back joins a jsonb_to_recordset (which the planner
        // always guesses at 100 rows) with task_manager; guessing the leased rows at 1, it would
        // rescan the recordset once per row (seconds per batch). Every other monitor statement
        // touches one table, so nothing else is affected.
        _ = try connection.query("""
            SELECT set_config('role', 'service_role', false), set_config('taskmgr.actor', \(actor), false),
                   set_config('enable_nestloop', 'off', false)
            """)
    }

    /// The database clock now, as text: the cycle's start, so tasks written back during this
    /// cycle (whose `next_poll_at` is later) are never leased again in it.
    public func databaseNow() throws(PostgresError) -> String {
        let result = try connection.query("SELECT now()::text AS now")
        return result.rows.first?["now"].string ?? ""
    }

    /// Fails open tasks whose deadline has passed (`timed_out`), callback-only tasks included,
    /// skipping those another monitor holds a live lease on. Returns how many.
    public func timeOutOverdueTasks() throws(PostgresError) -> Int {
        let sql = """
            UPDATE task_manager
            SET status = 'failed', failure_reason = 'timed_out',
                error_message = 'timed out after ' || coalesce(timeout_minutes, 120) || ' minutes'
            WHERE status IN ('pending', 'in_progress') AND deadline_at < now()
              AND (lease_expires_at IS NULL OR lease_expires_at < now() OR lease_owner = $1)
            """
        let result = try connection.query(filtered(sql, binds: [leaseOwner], column: "task_type"))
        return result.affectedRows
    }

    /// Leases up to `limit` due tasks for `seconds` with `FOR UPDATE SKIP LOCKED`, so monitors
    /// running at once never take the same task. Only tasks due at `cycleStart` qualify.
    /// `= ANY(ARRAY(…))` rather than `IN (…)`: the chosen ids become one array and the rows
    /// are found by primary key, where `IN` hash-joins against a scan of the whole table,
    /// which would make each batch cost grow with the table.
    public func leaseDueTasks(limit: Int, seconds: Double, cycleStart: String) throws(PostgresError) -> [LeasedTask] {
        var inner = """
            SELECT task_id FROM task_manager
                WHERE status IN ('pending', 'in_progress') AND poll_url IS NOT NULL
                  AND next_poll_at <= $4::timestamptz AND deadline_at > now()
                  AND (lease_expires_at IS NULL OR lease_expires_at < now())
            """
        var binds: [String?] = [leaseOwner, String(seconds), String(limit), cycleStart]
        if let taskTypeFilter {
            inner += " AND task_type = $5"
            binds.append(taskTypeFilter)
        }
        let sql = """
            UPDATE task_manager t
            SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2::float8)
            WHERE t.task_id = ANY(ARRAY(\(inner) ORDER BY next_poll_at LIMIT $3::int FOR UPDATE SKIP LOCKED))
            RETURNING t.task_id, t.poll_url, t.poll_method, t.attempt_count, t.max_attempts,
                      t.consecutive_errors, t.poll_interval_seconds, t.status_path, t.result_path, t.poll_auth
            """
        let result = try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        return result.rows.map { row in
            LeasedTask(
                taskID: row["task_id"].string ?? "",
                pollURL: row["poll_url"].string ?? "",
                pollMethod: row["poll_method"].string ?? "GET",
                attemptCount: row["attempt_count"].int ?? 0,
                maxAttempts: row["max_attempts"].int ?? 10,
                consecutiveErrors: row["consecutive_errors"].int ?? 0,
                pollIntervalSeconds: row["poll_interval_seconds"].int,
                statusPath: row["status_path"].string,
                resultPath: row["result_path"].string,
                pollAuth: row["poll_auth"].string)
        }
    }

    /// Writes a batch of outcomes in one statement, each guarded by this monitor's lease and
    /// a non-terminal status: a callback that finished a task meanwhile (which also drops
    /// the lease) always wins. Returns the ids and new statuses of the rows written.
    /// The ids are also matched as an array so the rows are found by primary key.
    public func record(_ updates: [PollRecord]) throws(PostgresError) -> [(taskID: String, status: String)] {
        guard !updates.isEmpty else { return [] }
        let sql = """
            UPDATE task_manager t
            SET status = coalesce(o.status, t.status),
                result = CASE WHEN o.status = 'completed' THEN o.result ELSE t.result END,
                error_message = o.error_message,
                failure_reason = o.failure_reason,
                consecutive_errors = o.consecutive_errors,
                attempt_count = coalesce(t.attempt_count, 0) + 1,
                next_poll_at = now() + make_interval(secs => o.delay),
                lease_owner = NULL, lease_expires_at = NULL
            FROM jsonb_to_recordset($2::jsonb) AS o(task_id text, status text, result jsonb,
                 error_message text, failure_reason text, consecutive_errors int, delay float8)
            WHERE t.task_id = o.task_id AND t.lease_owner = $1
              AND t.status IN ('pending', 'in_progress')
              AND t.task_id = ANY(ARRAY(SELECT jsonb_array_elements($2::jsonb)->>'task_id'))
            RETURNING t.task_id, t.status
            """
        let result = try connection.query(PostgresQuery(unsafeSQL: sql, binds: [leaseOwner, Self.recordset(updates)]))
        return result.rows.map { ($0["task_id"].string ?? "", $0["status"].string ?? "") }
    }

    /// The batch as a JSON array for `jsonb_to_recordset`: one bind, whatever the batch size.
    /// Written straight into one string (no intermediate `JSONValue` tree): this runs for
    /// every poll, and the bench showed the tree costing more than the text. For the same
    /// reason strings that need no escaping are copied whole and the delay is written
    /// without `String(format:)` (Foundation's formatter was a third of this function).
    static func recordset(_ records: [PollRecord]) -> String {
        var output = "["
        output.reserveCapacity(records.count * 160)
        for (position, record) in records.enumerated() {
            if position > 0 { output += "," }
            output += "{\"task_id\":"
            string(record.taskID, to: &output)
            output += ",\"status\":"
            optional(record.status, to: &output)
            output += ",\"result\":"
            output += record.result?.serialized() ?? "null"
            output += ",\"error_message\":"
            optional(record.errorMessage, to: &output)
            output += ",\"failure_reason\":"
            optional(record.failureReason, to: &output)
            output += ",\"consecutive_errors\":"
            output += String(record.consecutiveErrors)
            output += ",\"delay\":"
            output += delay(record.nextPollDelaySeconds)
            output += "}"
        }
        return output + "]"
    }

    /// Seconds rounded to the millisecond, as a JSON number (`120.0`, `0.25`, `1e+16`).
    static func delay(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "0" }
        return ((seconds * 1000).rounded() / 1000).description
    }

    private static func optional(_ value: String?, to output: inout String) {
        if let value { string(value, to: &output) } else { output += "null" }
    }

    /// A JSON string literal: copied whole between quotes when no byte needs escaping
    /// (no control character, quote or backslash; the common case for ids, statuses and
    /// messages), else written by `JSONValue.writeString`. Both give the same text.
    private static func string(_ value: String, to output: inout String) {
        let plain = value.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if plain {
            output += "\""
            output += value
            output += "\""
        } else {
            JSONValue.writeString(value, to: &output)
        }
    }

    /// Appends the test-only `task_type` filter as the next parameter.
    func filtered(_ sql: String, binds: [String?], column: String) -> PostgresQuery {
        guard let taskTypeFilter else { return PostgresQuery(unsafeSQL: sql, binds: binds) }
        return PostgresQuery(unsafeSQL: sql + " AND \(column) = $\(binds.count + 1)", binds: binds + [taskTypeFilter])
    }
}
