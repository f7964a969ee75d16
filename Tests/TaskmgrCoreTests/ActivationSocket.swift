import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// What systemd's `taskmgr-route@.socket` does, played by the test: it owns the listening
/// unix socket for the whole test, and hands it to `systemd-socket-activate` (which waits
/// for the first connection, then execs the route with `LISTEN_FDS`) each time the route
/// is to be started. Between a route's exit and the next activation the socket stays
/// open, so connections wait in its backlog — exactly what makes socket activation lose
/// nothing.
///
/// `systemd-socket-activate` alone can't show a restart: it execs the route and is gone
/// with its socket when the route exits. Handed the socket through `LISTEN_FDS` (it passes
/// inherited sockets through "in their original positions"), it behaves like one
/// activation by systemd.
final class ActivationSocket: @unchecked Sendable {
    let path: String
    let fileDescriptor: Int32
    private let command: [String]
    private let lock = NSLock()
    private var activations: [RunningProcess] = []
    private var looping = false
    private let loopFinished = DispatchSemaphore(value: 0)

    /// Binds `path` (mode 0660, like `SocketMode=0660`) with a backlog like the unit's,
    /// for `executable arguments…` with `environment` passed via `-E`.
    init(path: String, executable: String, arguments: [String], environment: [String: String]) throws {
        self.path = path
        fileDescriptor = try Self.listen(path: path, backlog: 1024)
        chmod(path, 0o660)
        var command = ["systemd-socket-activate", "--fdname=\(URL(fileURLWithPath: path).lastPathComponent)"]
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { command += ["-E", "\(name)=\(value)"] }
        self.command = command + [executable] + arguments
    }

    /// Starts one activation: `systemd-socket-activate` waiting on the socket.
    /// `LISTEN_PID=$$` then `exec` gives it the pid the variable names.
    @discardableResult
    func activate() throws -> RunningProcess {
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = try ProcessRunner.start(
            "/bin/sh", arguments: ["-c", "LISTEN_FDS=1 LISTEN_PID=$$ exec \(quoted)"],
            environment: ["PATH": "/usr/bin:/bin"], extraFileDescriptors: [fileDescriptor])
        lock.withLock { activations.append(process) }
        return process
    }

    /// Re-activates whenever the route exits, as systemd does, until `stop()`.
    func startLoop() {
        lock.withLock { looping = true }
        Thread.detachNewThread { [self] in
            while lock.withLock({ looping }), let process = try? activate() {
                while process.isRunning && lock.withLock({ looping }) { usleep(10_000) }
            }
            loopFinished.signal()
        }
    }

    /// How many times the route executable itself was started (not just waited for).
    var routeStarts: Int {
        lock.withLock { activations }.filter { $0.standardErrorText.contains("event=started") }.count
    }

    /// Every activation's standard error, for failure messages.
    var log: String {
        lock.withLock { activations }.map(\.standardErrorText).joined(separator: "\n---\n")
    }

    func stop() {
        let wasLooping = lock.withLock { () -> Bool in
            defer { looping = false }
            return looping
        }
        for process in lock.withLock({ activations }) where process.isRunning { process.kill() }
        if wasLooping { loopFinished.wait() }
        for process in lock.withLock({ activations }) where process.isRunning { process.kill() }
        close(fileDescriptor)
        unlink(path)
    }

    /// A listening unix stream socket at `path`, as the `.socket` unit holds it.
    private static func listen(path: String, backlog: Int32) throws -> Int32 {
        try UnixListeningSocket.make(path: path, backlog: backlog)
    }
}
