#if canImport(Glibc)
import Glibc
#endif

/// Signals, set up once before any worker exists:
/// - SIGPIPE is ignored: a web server that hangs up must not kill the process mid-write.
/// - SIGTERM and SIGINT run a handler (no SA_RESTART) that records the signal and writes to
///   the wake pipe that every poll watches; workers check the flag before each accept.
///   Workers block both, so the main thread takes them and a request in flight is not
///   interrupted mid-read or mid-write.
///
///   `FCGX_ShutdownPending()` is deliberately *not* called. In libfcgi 2.4.2 (Debian 12) the
///   flag is read only inside `OS_Accept`, and there it breaks things: after accepting a unix
///   connection libfcgi polls it for data; if that poll times out or is interrupted while the
///   flag is set, `OS_Accept` loops forever re-polling and re-closing the already closed
///   descriptor number — a busy thread that may close another thread's descriptor once the
///   number is reused (seen with strace: `close(6) = EBADF; poll([{fd=6}]) = POLLNVAL` …).
///   Our own flag, checked before every accept, gives the same "accept nothing more".
/// - SIGUSR1 has an empty handler (no SA_RESTART): when stopping, the main thread sends it to
///   each worker still inside `FCGX_Accept_r` — blocked in accept, in libfcgi's post-accept
///   poll, or reading a request that never comes — so that call fails with EINTR, accept
///   returns an error (`FCGI_FAIL_ACCEPT_ON_INTR`) and the worker leaves.
enum SignalHandling {
    static let wakeSignal = SIGUSR1

    /// Installs the handlers; `wakeFD` is written (one byte) when SIGTERM/SIGINT arrives.
    static func install(wakeFD: Int32) {
        SignalFlags.wakeFD = wakeFD
        ignore(SIGPIPE)
        handle(SIGTERM) { signal in
            SignalFlags.received = signal
            var byte: UInt8 = 1
            _ = write(SignalFlags.wakeFD, &byte, 1)
        }
        handle(SIGINT) { signal in
            SignalFlags.received = signal
            var byte: UInt8 = 1
            _ = write(SignalFlags.wakeFD, &byte, 1)
        }
        handle(wakeSignal) { _ in }
    }

    /// The termination signal received so far, or 0.
    static var receivedSignal: Int32 { SignalFlags.received }

    /// Blocks SIGTERM and SIGINT in the calling thread (and in threads it starts later);
    /// `unblockTermination` undoes it. The corresponding C function is `pthread_sigmask`.
    static func blockTermination() { setMask(SIG_BLOCK) }
    static func unblockTermination() { setMask(SIG_UNBLOCK) }

    /// Sends the wake signal to a thread blocked in accept.
    static func wake(_ thread: pthread_t) {
        Syscalls.signalThread(thread, wakeSignal)
    }

    private static func setMask(_ how: Int32) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(how, &set, nil)
    }

    /// The corresponding C function is `sigaction` with `SIG_IGN`.
    private static func ignore(_ signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_IGN
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
    }

    /// The corresponding C function is `sigaction`, flags 0 (no SA_RESTART: a blocked accept
    /// or poll returns EINTR instead of silently resuming).
    private static func handle(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, nil)
    }
}

/// The only state a signal handler may touch: plain words, written once, read by the main thread.
private enum SignalFlags {
    nonisolated(unsafe) static var received: Int32 = 0
    nonisolated(unsafe) static var wakeFD: Int32 = -1
}
