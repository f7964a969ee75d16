import Foundation
import Postgres

/// Writes poll outcomes back on its own thread and database connection while the cycle's
/// thread goes on polling, so database time and network time overlap instead of adding up.
///
/// Batches are written in the order given, each with one `MonitorStore.record` statement.
/// The first database error stops the writer; `finish()` rethrows it, so the cycle still
/// fails (exit 1) when the database goes away. Outcomes not yet written when a monitor
/// dies stay leased and are polled again after the lease expires.
final class OutcomeWriter: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [[PollRecord]] = []
    private var closed = false
    private var finished = false
    private var failure: Error?
    private var completed = 0
    private var failed = 0
    private var written = 0
    private var submitted = 0
    /// Seconds the writer spent in the database.
    private var busySeconds = 0.0

    /// Starts the writer thread; it connects (same settings and session as the cycle) when the
    /// first batch arrives.
    init(settings: ConnectionSettings, leaseOwner: String, actor: String, taskTypeFilter: String?) {
        let thread = Thread { [self] in
            run(settings: settings, leaseOwner: leaseOwner, actor: actor, taskTypeFilter: taskTypeFilter)
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues a batch for writing; returns at once (it runs inside the HTTP client's
    /// completion, where blocking would stall transfers in flight).
    func submit(_ records: [PollRecord]) {
        guard !records.isEmpty else { return }
        condition.withLock {
            pending.append(records)
            submitted += records.count
            condition.broadcast()
        }
    }

    /// Batches left waiting before the cycle polls its next lease batch. When the job APIs
    /// answer faster than the database takes write-backs, outcomes (each holding its
    /// parsed result) would otherwise pile up for the rest of the cycle: the bench saw RSS
    /// grow by ~18 MiB over 100,000 tasks. Waiting between batches, never inside polling,
    /// bounds that to this many plus one lease batch.
    static let maxQueuedBatches = 8

    /// Waits until at most `maxQueuedBatches` are waiting (or the writer has stopped).
    func waitForBacklog() {
        condition.withLock {
            while pending.count > Self.maxQueuedBatches && !finished { condition.wait() }
        }
    }

    /// The writer's database error so far, if any, so the cycle can stop leasing at once
    /// instead of polling tasks whose outcomes can't be written.
    func failureSoFar() -> Error? {
        condition.withLock { failure }
    }

    /// Waits until everything submitted is written; returns how many outcomes were submitted
    /// and written, how many of those completed or failed a task, and the writer's busy
    /// time, or throws the writer's database error. Counts, not rows, so memory stays flat
    /// however many tasks a cycle handles.
    func finish() throws -> (submitted: Int, written: Int, completed: Int, failed: Int, busySeconds: Double) {
        condition.lock()
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        defer { condition.unlock() }
        if let failure { throw failure }
        return (submitted, written, completed, failed, busySeconds)
    }

    private func run(settings: ConnectionSettings, leaseOwner: String, actor: String, taskTypeFilter: String?) {
        // Connects at the first batch, so a cycle with nothing due opens no second connection.
        var store: MonitorStore?
        while true {
            condition.lock()
            while pending.isEmpty && !closed { condition.wait() }
            if pending.isEmpty || failure != nil {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = pending.removeFirst()
            condition.broadcast()
            condition.unlock()

            let started = Date()
            do {
                if store == nil {
                    store = try MonitorStore(settings: settings, leaseOwner: leaseOwner, actor: actor, taskTypeFilter: taskTypeFilter)
                }
                let rows = try store!.record(batch)
                condition.withLock {
                    written += rows.count
                    completed += rows.count { $0.status == "completed" }
                    failed += rows.count { $0.status == "failed" }
                    busySeconds += Date().timeIntervalSince(started)
                }
            } catch {
                condition.withLock { failure = error }
            }
        }
    }
}
