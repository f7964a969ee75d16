import Foundation
import Postgres

/// Leases the next batch on its own thread and database connection while the cycle's
/// thread polls the current one, so the lease round trip overlaps the polling.
///
/// One request at a time: `begin` starts a lease, `wait` returns its tasks (or throws its
/// database error). Used only when the next batch still fits the budget after the current
/// batch's worst case, so leasing ahead never stretches a cycle past its budget.
final class LeaseAhead: @unchecked Sendable {
    private let condition = NSCondition()
    private var request: (limit: Int, seconds: Double, cycleStart: String)?
    private var result: Result<[LeasedTask], Error>?
    private var closed = false

    init(settings: ConnectionSettings, leaseOwner: String, actor: String, taskTypeFilter: String?) {
        let thread = Thread { [self] in
            run(settings: settings, leaseOwner: leaseOwner, actor: actor, taskTypeFilter: taskTypeFilter)
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Starts leasing up to `limit` tasks; returns at once.
    func begin(limit: Int, seconds: Double, cycleStart: String) {
        condition.withLock {
            precondition(request == nil && result == nil, "one lease ahead at a time")
            request = (limit, seconds, cycleStart)
            condition.broadcast()
        }
    }

    /// The tasks of the lease `begin` started.
    func wait() throws -> [LeasedTask] {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        let finished = result!
        result = nil
        return try finished.get()
    }

    /// Ends the thread (after any lease in progress) and closes its connection.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    private func run(settings: ConnectionSettings, leaseOwner: String, actor: String, taskTypeFilter: String?) {
        // Connects at the first request: with the default limits (small batches, long
        // timeouts) leasing ahead never fits the budget, and no connection is opened.
        var store: MonitorStore?
        while true {
            condition.lock()
            while request == nil && !closed { condition.wait() }
            guard let next = request else {
                condition.unlock()
                return
            }
            request = nil
            condition.unlock()

            let leased = Result<[LeasedTask], Error> {
                if store == nil {
                    store = try MonitorStore(settings: settings, leaseOwner: leaseOwner, actor: actor, taskTypeFilter: taskTypeFilter)
                }
                return try store!.leaseDueTasks(limit: next.limit, seconds: next.seconds, cycleStart: next.cycleStart)
            }
            condition.withLock {
                result = leased
                condition.broadcast()
            }
        }
    }
}
