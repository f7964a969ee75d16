#if canImport(Glibc)
import Glibc
#endif

/// One worker thread's life: build its handler (and with it, in routes, its own database
/// connection), then take turns accepting, serve each request, and leave when the server
/// stops (idle, max requests, SIGTERM) — never in the middle of a request.
struct Worker {
    let listenFD: Int32
    let options: ServerOptions
    let label: String
    let state: ServerState
    let makeHandler: @Sendable () -> FastCGIHandler

    func run() {
        let handler = makeHandler()
        let slot = RequestSlot(listenFD: listenFD)
        while true {
            state.acceptLock.lock()
            let gotRequest = waitAndAccept(slot)
            state.acceptLock.unlock()
            guard gotRequest else { break }
            serve(slot, handler)
            slot.finish()
            state.endRequest()
        }
    }

    private func serve(_ slot: RequestSlot, _ handler: FastCGIHandler) {
        let response = Exchange.respond(
            params: slot.params(), maxBodyBytes: options.maxBodyBytes, label: label,
            readBody: slot.readBody, handler: handler)
        if !slot.write(response.encoded()) {
            Log.warning(label, "the web server closed the connection before the response was written",
                        [("event", "write_failed"), ("status", "\(response.status)")])
        }
    }

    /// Polls until a connection is waiting, then accepts it. False when the server stops.
    private func waitAndAccept(_ slot: RequestSlot) -> Bool {
        while true {
            if stopping { return false }
            var fds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: state.wakeReadFD, events: Int16(POLLIN), revents: 0)]
            let ready = Syscalls.poll(&fds, timeoutMilliseconds: pollTimeout())
            if stopping { return false }
            if ready == 0 {
                if options.idleTimeout > 0, state.secondsUntilIdle(limit: options.idleTimeout) == 0 {
                    state.requestStop("idle")
                }
                continue
            }
            if fds[0].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
                Log.error(label, "the listening socket failed", [("event", "listen_failed")])
                state.requestStop("listen_failed", failed: true)
                return false
            }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let thread = Syscalls.currentThread()
            state.enterAccept(thread)
            let status = slot.accept()
            state.leaveAccept(thread)
            if status < 0 {
                if state.isStopping { return false }
                Log.error(label, "accept failed", [("event", "accept_failed"), ("code", "\(status)")])
                state.requestStop("accept_failed", failed: true)
                return false
            }
            let total = state.beginRequest()
            if options.maxRequests > 0, total >= options.maxRequests {
                state.requestStop("max_requests")
            }
            return true
        }
    }

    /// Stopping, or about to: the signal handler writes the wake pipe before the main thread
    /// records the stop, and a worker must not spin on the readable pipe meanwhile.
    private var stopping: Bool { state.isStopping || SignalHandling.receivedSignal != 0 }

    /// Wait forever without an idle limit (the wake pipe ends it); with one, wake up at the
    /// limit, and at least every second while requests are in flight elsewhere.
    private func pollTimeout() -> Int32 {
        guard options.idleTimeout > 0 else { return -1 }
        let remaining = state.secondsUntilIdle(limit: options.idleTimeout) ?? 1
        return Int32(min(1000, max(10, (remaining * 1000).rounded(.up))))
    }
}
