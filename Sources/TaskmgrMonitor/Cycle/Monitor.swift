import Foundation
import HTTPClient
import Postgres
import TaskmgrCore

/// One monitor cycle: time out overdue tasks, lease and poll due ones in batches within the
/// time budget, write outcomes back in batches, deliver pending Slack alerts, and report.
public enum Monitor {
    /// Runs one cycle against the database the environment names (`DATABASE_URL` or `PG*`,
    /// as `TASKMGR_MONITOR_PGUSER` or `taskmgr_monitor`), exactly as the executable does.
    public static func runCycle(configuration: MonitorConfiguration) throws -> CycleSummary {
        try runCycle(configuration: configuration, database: MonitorCommand.databaseSettings(ProcessInfo.processInfo.environment))
    }

    /// Runs one cycle. Throws only when the database can't be reached or a statement fails;
    /// job APIs and Slack failing are outcomes, not errors.
    public static func runCycle(configuration: MonitorConfiguration, database: ConnectionSettings) throws -> CycleSummary {
        let started = Date()
        var summary = CycleSummary()
        let store = try MonitorStore(
            settings: database, leaseOwner: configuration.leaseOwner, actor: configuration.actor,
            taskTypeFilter: configuration.taskTypeFilter)

        summary.timedOut = try store.timeOutOverdueTasks()
        let cycleStart = try store.databaseNow()
        let poller = TaskPoller(
            client: HTTPClient(options: pollOptions(configuration)),
            credentials: CredentialStore(directory: configuration.credentialsDirectory))

        let writer = OutcomeWriter(
            settings: database, leaseOwner: configuration.leaseOwner, actor: configuration.actor,
            taskTypeFilter: configuration.taskTypeFilter)
        let ahead = LeaseAhead(
            settings: database, leaseOwner: configuration.leaseOwner, actor: configuration.actor,
            taskTypeFilter: configuration.taskTypeFilter)
        defer { ahead.close() }
        do {
            var leasedAhead = false
            while true {
                if let failure = writer.failureSoFar() { throw failure }
                var tasks: [LeasedTask]
                if leasedAhead {
                    tasks = try ahead.wait()
                    leasedAhead = false
                } else {
                    let elapsed = Date().timeIntervalSince(started)
                    if elapsed > configuration.budgetSeconds {
                        summary.budgetExhausted = true
                        break
                    }
                    let limit = batchLimit(configuration, remainingSeconds: configuration.budgetSeconds - elapsed)
                    tasks = try store.leaseDueTasks(limit: limit, seconds: configuration.leaseSeconds, cycleStart: cycleStart)
                }
                if tasks.isEmpty { break }
                summary.leased += tasks.count

                // Lease the next batch during this one's polling, if it fits the budget even
                // when this batch runs to its worst case.
                let worstEnd = Date().timeIntervalSince(started) + worstCaseSeconds(tasks.count, configuration)
                if worstEnd + configuration.pollTimeoutSeconds <= configuration.budgetSeconds {
                    let limit = batchLimit(configuration, remainingSeconds: configuration.budgetSeconds - worstEnd)
                    ahead.begin(limit: limit, seconds: configuration.leaseSeconds, cycleStart: cycleStart)
                    leasedAhead = true
                }
                writer.waitForBacklog()
                poll(tasks, poller: poller, writer: writer, configuration: configuration, summary: &summary)
            }
        } catch {
            _ = try? writer.finish()
            throw error
        }
        let outcome = try writer.finish()
        summary.skipped = outcome.submitted - outcome.written
        summary.completed = outcome.completed
        summary.failed = outcome.failed

        if let slack = configuration.slack {
            summary.alertsSent = try deliverAlerts(store: store, notifier: SlackNotifier(configuration: slack), configuration: configuration, started: started)
        }
        summary.alertsPending = try store.pendingAlertCount()
        if configuration.slack == nil && summary.alertsPending > 0 {
            try logPendingAlerts(store: store, total: summary.alertsPending)
        }
        summary.durationSeconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Polls one leased batch, handing outcomes to the writer in chunks of `leaseBatchSize`
    /// (at most) as they arrive, so writing overlaps the rest of the polling.
    static func poll(
        _ tasks: [LeasedTask], poller: TaskPoller, writer: OutcomeWriter,
        configuration: MonitorConfiguration, summary: inout CycleSummary
    ) {
        let chunk = max(1, min(configuration.leaseBatchSize, writeChunk))
        var records: [PollRecord] = []
        records.reserveCapacity(min(tasks.count, chunk))
        let pollStart = Date()
        poller.poll(tasks) { task, outcome in
            summary.polled += 1
            if outcome.isError { summary.errors += 1 }
            // Only an error's backoff uses the jitter; drawing it for every poll cost a
            // system random call each.
            records.append(PollRecord.plan(
                task: task, outcome: outcome, backoff: configuration.backoff,
                defaultIntervalSeconds: configuration.defaultPollIntervalSeconds,
                random: outcome.isError ? Double.random(in: 0..<1) : 0))
            if records.count >= chunk {
                writer.submit(records)
                records.removeAll(keepingCapacity: true)
            }
        }
        writer.submit(records)
        summary.pollingSeconds += Date().timeIntervalSince(pollStart)
    }

    /// Outcomes per write-back statement: big enough that per-statement costs vanish, small
    /// enough that writing starts while the batch is still being polled.
    static let writeChunk = 250

    /// How many tasks to lease now: enough to keep every slot busy, but few enough that
    /// even if each poll runs to its timeout on one host, the batch ends within the budget
    /// left (at worst one timeout past it).
    static func batchLimit(_ configuration: MonitorConfiguration, remainingSeconds: Double) -> Int {
        let slots = Double(min(configuration.concurrency, configuration.perHost))
        let rounds = max(1, (remainingSeconds / max(configuration.pollTimeoutSeconds, 0.1)).rounded(.down))
        return max(1, min(configuration.leaseBatchSize, Int(slots * rounds)))
    }

    /// How long `count` polls take if every one runs to its timeout on one host.
    static func worstCaseSeconds(_ count: Int, _ configuration: MonitorConfiguration) -> Double {
        let slots = max(1, min(configuration.concurrency, configuration.perHost))
        return Double((count + slots - 1) / slots) * configuration.pollTimeoutSeconds
    }

    /// Delivers due alerts until none is left, Slack refuses one, the per-cycle cap is
    /// reached, or the cycle is 10 s past its budget. With the defaults (budget 90 s, Slack
    /// timeout 10 s) the last message ends by ~111 s, inside the unit's 115 s start timeout
    /// and before the next tick. Returns how many Slack accepted.
    static func deliverAlerts(store: MonitorStore, notifier: SlackNotifier, configuration: MonitorConfiguration, started: Date) throws -> Int {
        var sent = 0
        while sent < configuration.maxAlertsPerCycle, Date().timeIntervalSince(started) < configuration.budgetSeconds + 10 {
            guard let result = try store.deliverNextAlert({ notifier.send($0) }) else { break }
            switch result {
            case .sent:
                sent += 1
            case .notSent(let error, let retryAfter):
                MonitorLog.warning("alert not delivered: \(error); retry_after_s=\(Int(retryAfter)); the rest wait for the next run")
                return sent
            }
        }
        return sent
    }

    /// With no Slack configured, failures still reach the journal: one line per pending
    /// alert (the oldest 20), every run until someone configures Slack or handles them.
    static func logPendingAlerts(store: MonitorStore, total: Int) throws {
        for alert in try store.pendingAlerts(limit: 20) {
            MonitorLog.warning("alert pending task_id=\(alert.taskID) task_type=\(alert.taskType ?? "-") reason=\(alert.reason ?? "-") attempts=\(alert.attemptCount)/\(alert.maxAttempts)")
        }
        MonitorLog.warning("alerts_pending=\(total) no Slack configured (SLACK_WEBHOOK_URL or SLACK_BOT_TOKEN + SLACK_CHANNEL); alerts stay pending")
    }

    /// The poll client's limits from the configuration.
    static func pollOptions(_ configuration: MonitorConfiguration) -> HTTPClientOptions {
        var options = HTTPClientOptions()
        options.maxConcurrent = configuration.concurrency
        options.maxPerHost = configuration.perHost
        options.connectTimeout = configuration.connectTimeoutSeconds
        options.totalTimeout = configuration.pollTimeoutSeconds
        options.maxResponseBytes = configuration.maxResponseBytes
        options.addressPolicy = AddressPolicy(allow: configuration.allowCIDRs)
        return options
    }
}
