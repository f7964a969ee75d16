import Foundation
import Postgres
import TaskmgrMonitor
import TaskmgrCore
import TestSupport
import Testing

/// One test's corner of the shared harness database: tasks tagged with a unique
/// `task_type`, a monitor configuration that only sees them, and helpers to read them back.
/// Every row it created (tasks, their history, their alerts) is deleted when it goes away.
final class MonitorFixture {
    let taskType: String
    let admin: PostgresConnection

    init() throws {
        taskType = TestDatabase.uniqueName("mon")
        admin = try TestDatabase.connect()
    }

    deinit {
        _ = try? admin.query("DELETE FROM task_alerts WHERE payload->>'task_type' = \(taskType)")
        _ = try? admin.query("DELETE FROM task_manager WHERE task_type = \(taskType)")
    }

    /// Settings the monitor logs in with (`taskmgr_monitor`, as in production).
    var database: ConnectionSettings { TestDatabase.settings(user: "taskmgr_monitor") }

    /// Short timeouts, loopback allowed, no waiting between polls, only this test's tasks.
    func configuration() -> MonitorConfiguration {
        var configuration = MonitorConfiguration()
        configuration.budgetSeconds = 20
        configuration.concurrency = 10
        configuration.perHost = 10
        configuration.pollTimeoutSeconds = 2
        configuration.connectTimeoutSeconds = 1
        configuration.allowCIDRs = [CIDR("127.0.0.0/8")!]
        configuration.defaultPollIntervalSeconds = 0
        configuration.backoff = Backoff(baseSeconds: 0, capSeconds: 0, jitter: 0)
        configuration.taskTypeFilter = taskType
        return configuration
    }

    /// The environment for the real `taskmgr-monitor` binary, matching `configuration()`.
    func binaryEnvironment(_ extra: [String: String?] = [:]) -> [String: String] {
        var changes: [String: String?] = [
            "TASKMGR_MONITOR_TASK_TYPE": taskType, "TASKMGR_POLL_ALLOW_CIDRS": "127.0.0.0/8",
            "TASKMGR_POLL_TIMEOUT": "2", "TASKMGR_POLL_CONNECT_TIMEOUT": "1", "TASKMGR_POLL_INTERVAL": "0",
            "TASKMGR_POLL_BACKOFF_BASE": "0", "TASKMGR_MONITOR_BUDGET_SECONDS": "20",
            "SLACK_WEBHOOK_URL": nil, "SLACK_BOT_TOKEN": nil,
        ]
        for (name, value) in extra { changes[name] = value }
        return ProcessRunner.environment(adding: changes)
    }

    func runCycle(_ configuration: MonitorConfiguration? = nil) throws -> CycleSummary {
        try Monitor.runCycle(configuration: configuration ?? self.configuration(), database: database)
    }

    /// Inserts one task (as the superuser) and returns its id.
    @discardableResult
    func insertTask(
        _ suffix: String, pollURL: String?, pollMethod: String = "GET", maxAttempts: Int = 10,
        statusPath: String? = nil, resultPath: String? = nil, pollAuth: String? = nil
    ) throws -> String {
        let id = "\(taskType)-\(suffix)"
        _ = try admin.query("""
            INSERT INTO task_manager (task_id, poll_url, poll_method, task_type, external_id, max_attempts,
                                      status_path, result_path, poll_auth)
            VALUES (\(id), \(pollURL), \(pollMethod), \(taskType), \("ext-" + suffix), \(maxAttempts),
                    \(statusPath), \(resultPath), \(pollAuth))
            """)
        return id
    }

    /// Inserts `count` tasks polled at `<baseURL>/t/<task_id>`, in one statement.
    func insertTasks(count: Int, baseURL: String) throws -> [String] {
        let prefix = taskType + "-"
        _ = try admin.query("""
            INSERT INTO task_manager (task_id, poll_url, task_type)
            SELECT \(prefix) || g, \(baseURL + "/t/") || \(prefix) || g, \(taskType)
            FROM generate_series(1, \(count)) AS g
            """)
        return (1...count).map { prefix + String($0) }
    }

    func task(_ id: String) throws -> PostgresRow {
        let result = try admin.query("""
            SELECT task_id, status, result::text AS result, error_message, failure_reason, attempt_count,
                   consecutive_errors, lease_owner, finished_at,
                   extract(epoch FROM next_poll_at - now())::float8 AS next_poll_in
            FROM task_manager WHERE task_id = \(id)
            """)
        guard let row = result.rows.first else { throw TestSupportError("task \(id) not found") }
        return row
    }

    /// Status changes of `id` as `old→new` strings, oldest first (the insert is `→pending`).
    func history(_ id: String) throws -> [String] {
        try admin.query("SELECT coalesce(old_status, '') || '→' || new_status AS change FROM task_status_history WHERE task_id = \(id) ORDER BY id")
            .rows.map { $0["change"].string ?? "" }
    }

    func historyActors(_ id: String) throws -> [String] {
        try admin.query("SELECT actor FROM task_status_history WHERE task_id = \(id) AND old_status IS NOT NULL ORDER BY id")
            .rows.map { $0["actor"].string ?? "" }
    }

    /// This test's alert rows: task id and whether sent.
    func alerts() throws -> [(taskID: String, sent: Bool)] {
        try admin.query("SELECT task_id, sent_at IS NOT NULL AS sent FROM task_alerts WHERE payload->>'task_type' = \(taskType) ORDER BY id")
            .rows.map { ($0["task_id"].string ?? "", $0["sent"].bool ?? false) }
    }

    /// Counts this test's tasks by status.
    func statusCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try admin.query("SELECT status, count(*)::int AS n FROM task_manager WHERE task_type = \(taskType) GROUP BY status").rows {
            counts[row["status"].string ?? ""] = row["n"].int ?? 0
        }
        return counts
    }
}
