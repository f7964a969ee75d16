import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small threaded HTTP/1.1 server on 127.0.0.1 that plays a third party (a job API,
/// Slack) in tests: scripted per path, recording every request, counting connections.
///
/// One thread per connection, keep-alive honoured, so hundreds of concurrent clients and
/// thousands of requests work. Tests assert on what arrived (`requests`), how many
/// connections reached it (`connectionCount`, which stays 0 when a guard refuses before
/// connecting) and how many requests were handled at once (`maxConcurrentRequests`).
public final class MockHTTPServer: @unchecked Sendable {
    /// The port the kernel chose (the server binds port 0, so tests never collide).
    public let port: Int
    let listenFD: Int32
    let lock = NSLock()
    var routes: [String: Handler] = [:]
    var fallback: Handler = { _ in .notFound }
    var recorded: [Request] = []
    var accepted = 0
    var openFDs: Set<Int32> = []
    var handling = 0
    var maxHandling = 0
    var stopped = false
    var liveThreads = 0

    /// Starts listening on 127.0.0.1 at a free port and accepting at once.
    public init() throws {
        (listenFD, port) = try LoopbackTCPSocket.listen(backlog: 1024)
        startThread { [self] in acceptLoop() }
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `baseURL` + `path`.
    public func url(_ path: String) -> String { baseURL + path }

    /// Answers every request to `path` (query ignored) with `response`.
    public func route(_ path: String, _ response: Response) {
        route(path) { _ in response }
    }

    /// Answers successive requests to `path` with successive responses; the last repeats.
    public func route(_ path: String, sequence: [Response]) {
        precondition(!sequence.isEmpty, "a sequence needs at least one response")
        let counter = SequenceCounter()
        route(path) { _ in sequence[min(counter.next(), sequence.count - 1)] }
    }

    /// Answers requests to `path` with `handler`.
    public func route(_ path: String, handler: @escaping Handler) {
        lock.withLock { routes[path] = handler }
    }

    /// Answers paths nobody scripted (default: 404).
    public func setFallback(_ handler: @escaping Handler) {
        lock.withLock { fallback = handler }
    }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { lock.withLock { recorded } }

    /// The requests received for `path` (query ignored).
    public func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    public var requestCount: Int { lock.withLock { recorded.count } }

    /// TCP connections accepted so far; 0 proves no client reached this listener.
    public var connectionCount: Int { lock.withLock { accepted } }

    /// The most requests that were being answered at the same moment.
    public var maxConcurrentRequests: Int { lock.withLock { maxHandling } }

    /// Forgets recorded requests and counters (routes stay).
    public func resetCounters() {
        lock.withLock {
            recorded = []
            accepted = 0
            maxHandling = handling
        }
    }

    /// Stops accepting, closes every connection (ending hangs) and waits briefly for the threads.
    public func stop() {
        let fds: Set<Int32>? = lock.withLock {
            if stopped { return nil }
            stopped = true
            return openFDs
        }
        guard let fds else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
        let deadline = Date().addingTimeInterval(3)
        while lock.withLock({ liveThreads }) > 0 && Date() < deadline { usleep(5_000) }
        close(listenFD)
    }

    var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE { usleep(1_000); continue }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let number: Int? = lock.withLock {
                if stopped { return nil }
                accepted += 1
                openFDs.insert(client)
                return accepted
            }
            guard let number else { close(client); return }
            startThread { [self] in serve(client, connection: number) }
        }
    }

    /// Runs `body` on its own small-stack thread, counted so `stop` can wait for it.
    func startThread(_ body: @escaping @Sendable () -> Void) {
        lock.withLock { liveThreads += 1 }
        let thread = Thread { [self] in
            body()
            lock.withLock { liveThreads -= 1 }
        }
        thread.stackSize = 256 * 1024
        thread.start()
    }
}

/// Counts calls for `route(_:sequence:)` across connection threads.
final class SequenceCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.withLock {
            defer { value += 1 }
            return value
        }
    }
}
