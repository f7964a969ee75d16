import Foundation
import Postgres

/// What happened when one alert was offered to Slack.
public enum AlertDeliveryResult: Equatable, Sendable {
    /// Slack accepted it; the row is marked sent.
    case sent
    /// Slack refused or couldn't be reached; the row waits `retryAfterSeconds` (0 = next run).
    case notSent(error: String, retryAfterSeconds: Double)
}

extension MonitorStore {
    /// Claims the oldest due, unsent alert with `FOR UPDATE SKIP LOCKED`, lets `send` deliver
    /// it while the row stays locked, and records the result in the same transaction.
    ///
    /// Two monitors can't hold the same row, and the row is marked sent only after Slack
    /// accepted it, so no alert is sent twice (short of a crash between Slack's answer and the
    /// COMMIT, the one window no outbox can close). Returns nil when nothing is due.
    public func deliverNextAlert(_ send: (FailureAlert) -> AlertDeliveryResult) throws -> AlertDeliveryResult? {
        let filter = taskTypeFilter
        return try connection.transaction { connection -> AlertDeliveryResult? in
            var sql = MonitorStore.alertColumns + " WHERE sent_at IS NULL AND next_attempt_at <= now()"
            var binds: [String?] = []
            if let filter {
                sql += " AND payload->>'task_type' = $1"
                binds.append(filter)
            }
            sql += " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
            let claimed = try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds))
            guard let row = claimed.rows.first, let alert = MonitorStore.alert(from: row) else { return nil }
            let id = alert.alertID
            let outcome = send(alert)
            switch outcome {
            case .sent:
                _ = try connection.query(
                    "UPDATE task_alerts SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = \(id)")
            case .notSent(let error, let retryAfter):
                _ = try connection.query("""
                    UPDATE task_alerts SET attempts = attempts + 1, last_error = \(error),
                        next_attempt_at = now() + make_interval(secs => \(retryAfter)::float8)
                    WHERE id = \(id)
                    """)
            }
            return outcome
        }
    }

    /// The oldest unsent alerts, read without claiming them: for the log when no Slack is
    /// configured (they stay pending).
    public func pendingAlerts(limit: Int) throws(PostgresError) -> [FailureAlert] {
        var sql = MonitorStore.alertColumns + " WHERE sent_at IS NULL"
        var binds: [String?] = [String(limit)]
        if let taskTypeFilter {
            sql += " AND payload->>'task_type' = $2"
            binds.append(taskTypeFilter)
        }
        sql += " ORDER BY id LIMIT $1::int"
        return try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds)).rows.compactMap(MonitorStore.alert(from:))
    }

    /// The alert row's columns, the task facts taken from the payload snapshot.
    static let alertColumns = """
        SELECT id, task_id, payload->>'task_type' AS task_type, payload->>'external_id' AS external_id,
               coalesce(reason, payload->>'failure_reason') AS reason,
               payload->>'error_message' AS error_message,
               (payload->>'attempt_count')::int AS attempt_count,
               (payload->>'max_attempts')::int AS max_attempts,
               (payload->>'created_at')::timestamptz AS created_at
        FROM task_alerts
        """

    static func alert(from row: PostgresRow) -> FailureAlert? {
        guard let id = row["id"].int else { return nil }
        return FailureAlert(
            alertID: id, taskID: row["task_id"].string ?? "", taskType: row["task_type"].string,
            externalID: row["external_id"].string, reason: row["reason"].string,
            errorMessage: row["error_message"].string, attemptCount: row["attempt_count"].int ?? 0,
            maxAttempts: row["max_attempts"].int ?? 0, createdAt: row["created_at"].date)
    }

    /// Alerts not yet sent (due or waiting).
    public func pendingAlertCount() throws(PostgresError) -> Int {
        var sql = "SELECT count(*)::int AS pending FROM task_alerts WHERE sent_at IS NULL"
        var binds: [String?] = []
        if let taskTypeFilter {
            sql += " AND payload->>'task_type' = $1"
            binds.append(taskTypeFilter)
        }
        return try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds)).rows.first?["pending"].int ?? 0
    }
}
