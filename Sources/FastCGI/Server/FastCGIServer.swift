import Foundation

/// A handler answers one request. It is created on, and used only by, one worker thread.
public typealias FastCGIHandler = (FastCGIRequest) -> FastCGIResponse

/// The FastCGI server every taskmgr route runs: takes its socket however it was started
/// (see `LaunchMode`), serves with worker threads, and exits 0 after the idle period, after
/// the request limit, or on SIGTERM once the requests in flight are answered.
public enum FastCGIServer {
    /// Serves until idle/max-requests/SIGTERM. `makeHandler` is called once on each worker
    /// thread; the handler it returns is used only on that thread (so it may own a database
    /// connection). Returns the process exit code: 0 for every orderly stop, 1 when the socket
    /// could not be set up or failed, 2 when there is no socket and no CGI request.
    public static func run(
        options: ServerOptions, label: String, makeHandler: @escaping @Sendable () -> FastCGIHandler
    ) -> Int32 {
        let initStatus = LibFCGI.initialize()
        guard initStatus == 0 else {
            Log.error(label, "FCGX_Init failed", [("event", "init_failed"), ("code", "\(initStatus)")])
            return 1
        }
        guard let wakePipe = Syscalls.makePipe() else {
            Log.error(label, "cannot create the wake pipe", [("event", "init_failed")])
            return 1
        }
        SignalHandling.install(wakeFD: wakePipe.write)

        let mode: LaunchMode
        do {
            mode = try LaunchMode.detect(options: options)
        } catch {
            Log.error(label, "\(error)", [("event", "listen_failed"), ("path", options.listenPath ?? "")])
            return 1
        }
        guard let listenFD = mode.listenFD else {
            return CGIResponder.respond(options: options, label: label,
                                        environment: ProcessInfo.processInfo.environment,
                                        makeHandler: makeHandler)
        }
        defer { if case .listen(let listener) = mode { listener.close() } }
        return serve(listenFD: listenFD, mode: mode, wakePipe: wakePipe, options: options,
                     label: label, makeHandler: makeHandler)
    }

    private static func serve(
        listenFD: Int32, mode: LaunchMode, wakePipe: (read: Int32, write: Int32), options: ServerOptions,
        label: String, makeHandler: @escaping @Sendable () -> FastCGIHandler
    ) -> Int32 {
        let state = ServerState(wakePipe: wakePipe)
        var startedFields = [("event", "started"), ("mode", mode.name), ("workers", "\(options.workers)"),
                             ("idle_timeout", "\(options.idleTimeout)"), ("max_requests", "\(options.maxRequests)")]
        if case .listen(let listener) = mode { startedFields.append(("path", listener.path)) }
        Log.info(label, "", startedFields)

        let worker = Worker(listenFD: listenFD, options: options, label: label, state: state, makeHandler: makeHandler)
        SignalHandling.blockTermination()
        var threads: [WorkerThread] = []
        for _ in 0..<options.workers {
            state.workerStarted()
            guard let thread = WorkerThread({ worker.run(); state.workerFinished() }) else {
                state.workerFinished()
                Log.error(label, "cannot start a worker thread", [("event", "thread_failed")])
                state.requestStop("thread_failed", failed: true)
                break
            }
            threads.append(thread)
        }
        SignalHandling.unblockTermination()

        supervise(state, idleTimeout: options.idleTimeout)
        threads.forEach { $0.join() }
        let signal = SignalHandling.receivedSignal
        let reason = state.reason != "signal" ? state.reason : (signal == SIGTERM ? "sigterm" : "sigint")
        Log.info(label, "", [("event", "stopped"), ("reason", reason), ("requests", "\(state.acceptedCount)")])
        return state.hasFailed ? 1 : 0
    }

    /// The main thread's watch: turns a received SIGTERM/SIGINT into a stop, then wakes any
    /// worker blocked in accept until every worker has left.
    private static func supervise(_ state: ServerState, idleTimeout: Double) {
        while state.workersRunning > 0 {
            if !state.isStopping {
                var fds = [pollfd(fd: state.wakeReadFD, events: Int16(POLLIN), revents: 0)]
                _ = Syscalls.poll(&fds, timeoutMilliseconds: 250)
                if SignalHandling.receivedSignal != 0 { state.requestStop("signal") }
                // A connection that never sends its request keeps a worker inside accept,
                // where no poll sees the idle limit pass; the main thread watches it too.
                if idleTimeout > 0, state.secondsUntilIdle(limit: idleTimeout) == 0 { state.requestStop("idle") }
            } else {
                state.wakeAcceptingThreads(SignalHandling.wake)
                Syscalls.sleep(seconds: 0.02)
            }
        }
    }
}
