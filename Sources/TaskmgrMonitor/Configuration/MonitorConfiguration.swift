import Foundation
import TaskmgrCore

/// Everything one monitor cycle needs to know, read from the environment (systemd's
/// `EnvironmentFile=`), with defaults that suit a 2-minute timer.
///
/// The database settings are kept apart (`Monitor.runCycle(configuration:database:)`) so this
/// type stays free of I/O and is tested as plain values.
public struct MonitorConfiguration: Sendable {
    /// Who holds the leases this cycle takes: unique per process, so two monitors on one
    /// host never mistake each other's leases for their own.
    public var leaseOwner: String
    /// What status history calls this monitor (`monitor:<hostname>`).
    public var actor: String
    /// Stop leasing new work after this many seconds (the timer fires every 120 s).
    public var budgetSeconds: Double = 90
    /// Polls in flight at once (`TASKMGR_POLL_CONCURRENCY`, 1…500).
    public var concurrency: Int = 5
    /// Polls in flight to one host at once (`TASKMGR_POLL_PER_HOST`), so one slow job API
    /// can't take every slot. Default: half the concurrency, at least 2.
    public var perHost: Int = 2
    /// Whole-request timeout per poll, seconds (`TASKMGR_POLL_TIMEOUT`).
    public var pollTimeoutSeconds: Double = 20
    /// Connect timeout per poll, seconds (`TASKMGR_POLL_CONNECT_TIMEOUT`).
    public var connectTimeoutSeconds: Double = 5
    /// Address ranges a poll may reach besides the public internet (`TASKMGR_POLL_ALLOW_CIDRS`).
    public var allowCIDRs: [CIDR] = []
    /// The largest poll response read, bytes.
    public var maxResponseBytes: Int = 1 << 20
    /// Seconds between polls of a running task without its own `poll_interval_seconds`.
    public var defaultPollIntervalSeconds: Double = 120
    /// How errors back off.
    public var backoff = Backoff()
    /// Tasks leased (and written back) per round trip.
    public var leaseBatchSize: Int = 500
    /// Where `poll_auth` credentials live.
    public var credentialsDirectory: String = "/etc/taskmgr/credentials"
    /// Lease, time out and alert only for tasks of this `task_type`
    /// (`TASKMGR_MONITOR_TASK_TYPE`). Made for tests sharing one database, which must never
    /// touch each other's rows; usable to dedicate a monitor to one job type. Unset in
    /// production, where one monitor serves every task.
    public var taskTypeFilter: String?
    /// Slack delivery, or nil when none is configured (alerts are logged and stay pending).
    public var slack: SlackConfiguration?
    /// Upper bound on alerts delivered per cycle, so a flood can't hold the timer.
    public var maxAlertsPerCycle: Int = 100

    /// How long a lease lasts: the budget plus one poll's timeout and a margin, so nothing is
    /// polled twice within a cycle, and a crashed monitor's tasks come back soon after.
    public var leaseSeconds: Double { budgetSeconds + pollTimeoutSeconds + 10 }

    public init(leaseOwner: String? = nil, actor: String? = nil) {
        let host = ProcessInfo.processInfo.hostName
        self.actor = actor ?? "monitor:\(host)"
        self.leaseOwner = leaseOwner ?? "monitor:\(host):\(getpid()):\(UUID().uuidString.prefix(8))"
    }

    /// Reads the `TASKMGR_*` and `SLACK_*` variables; an unreadable value is an error
    /// naming the variable, never a silent default.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> MonitorConfiguration {
        let reader = EnvironmentReader(environment: environment)
        var configuration = MonitorConfiguration()
        configuration.budgetSeconds = try reader.double("TASKMGR_MONITOR_BUDGET_SECONDS", default: 90, range: 1...3600)
        configuration.concurrency = try reader.int("TASKMGR_POLL_CONCURRENCY", default: 5, range: 1...500)
        configuration.perHost = try reader.int(
            "TASKMGR_POLL_PER_HOST", default: max(2, configuration.concurrency / 2), range: 1...500)
        configuration.pollTimeoutSeconds = try reader.double("TASKMGR_POLL_TIMEOUT", default: 20, range: 0.1...300)
        configuration.connectTimeoutSeconds = try reader.double("TASKMGR_POLL_CONNECT_TIMEOUT", default: 5, range: 0.1...60)
        configuration.allowCIDRs = try reader.cidrs("TASKMGR_POLL_ALLOW_CIDRS")
        configuration.defaultPollIntervalSeconds = try reader.double("TASKMGR_POLL_INTERVAL", default: 120, range: 0...86400)
        configuration.backoff.baseSeconds = try reader.double("TASKMGR_POLL_BACKOFF_BASE", default: 60, range: 0...86400)
        configuration.backoff.capSeconds = try reader.double("TASKMGR_POLL_BACKOFF_CAP", default: 3600, range: 0...604800)
        configuration.leaseBatchSize = try reader.int("TASKMGR_LEASE_BATCH", default: 500, range: 1...10000)
        configuration.credentialsDirectory = reader.string("TASKMGR_CREDENTIALS_DIR") ?? "/etc/taskmgr/credentials"
        configuration.maxAlertsPerCycle = try reader.int("TASKMGR_MAX_ALERTS_PER_CYCLE", default: 100, range: 0...100000)
        configuration.taskTypeFilter = reader.string("TASKMGR_MONITOR_TASK_TYPE")
        configuration.slack = try SlackConfiguration.fromEnvironment(reader)
        return configuration
    }
}

/// A configuration variable that can't be used, named so the admin can fix it.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
