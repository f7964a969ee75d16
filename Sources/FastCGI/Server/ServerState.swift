import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the worker threads and the supervising main thread share: why the server is stopping,
/// how many requests were accepted and are in flight, when the last one came or went, which
/// threads are inside a blocking accept, and the wake pipe that ends every poll at once.
final class ServerState: @unchecked Sendable {
    /// Serialises accepting: only the thread holding it polls and accepts (as in fcgi2's
    /// threaded example), so a connection the poll saw is not taken by a sibling.
    let acceptLock = NSLock()
    /// Becomes readable (and stays so) when the server starts stopping.
    let wakeReadFD: Int32
    private let wakeWriteFD: Int32

    private let lock = NSLock()
    private var stopReason: String? = nil
    private var failed = false
    private var accepted = 0
    private var inFlight = 0
    private var lastActivity: Double
    private var threadsInAccept: Set<pthread_t> = []
    private var runningWorkers = 0

    init(wakePipe: (read: Int32, write: Int32)) {
        wakeReadFD = wakePipe.read
        wakeWriteFD = wakePipe.write
        lastActivity = MonotonicClock.now()
    }

    /// Starts stopping (the first reason wins) and wakes every poll.
    func requestStop(_ reason: String, failed: Bool = false) {
        lock.lock()
        let first = stopReason == nil
        if first {
            stopReason = reason
            self.failed = failed
        }
        lock.unlock()
        if first { Syscalls.writeAll(wakeWriteFD, [1]) }
    }

    var isStopping: Bool { locked { stopReason != nil } }
    var reason: String { locked { stopReason ?? "unknown" } }
    var hasFailed: Bool { locked { failed } }
    var acceptedCount: Int { locked { accepted } }

    /// Counts an accepted request; returns the total so far.
    func beginRequest() -> Int {
        locked {
            accepted += 1
            inFlight += 1
            lastActivity = MonotonicClock.now()
            return accepted
        }
    }

    func endRequest() {
        locked {
            inFlight -= 1
            lastActivity = MonotonicClock.now()
        }
    }

    /// Seconds until the idle limit passes with nothing in flight; 0 when it has passed,
    /// nil while requests are in flight.
    func secondsUntilIdle(limit: Double) -> Double? {
        locked {
            guard inFlight == 0 else { return nil }
            return max(0, limit - (MonotonicClock.now() - lastActivity))
        }
    }

    func enterAccept(_ thread: pthread_t) { _ = locked { threadsInAccept.insert(thread) } }
    func leaveAccept(_ thread: pthread_t) { _ = locked { threadsInAccept.remove(thread) } }
    /// Signals every thread inside `FCGX_Accept_r` so its blocking accept or read fails with
    /// EINTR. Done under the lock: a thread that just returned from accept waits in
    /// `leaveAccept`, where a signal interrupts nothing, instead of already serving a request.
    func wakeAcceptingThreads(_ wake: (pthread_t) -> Void) {
        locked { threadsInAccept.forEach(wake) }
    }

    func workerStarted() { locked { runningWorkers += 1 } }
    func workerFinished() { locked { runningWorkers -= 1 } }
    var workersRunning: Int { locked { runningWorkers } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// Seconds on a clock that never jumps (idle periods must not depend on the wall clock).
enum MonotonicClock {
    /// The corresponding C function is `clock_gettime(CLOCK_MONOTONIC)`.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
