import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started by `ProcessRunner.start`: signal it, read what it wrote so far,
/// wait for it with a timeout. It leads its own process group; if the test forgets it,
/// `deinit` kills that group so no server outlives its test.
public final class RunningProcess: @unchecked Sendable {
    /// The child's process id (also its process group id).
    public let pid: pid_t
    /// What was started, for messages.
    public let executable: String

    private let standardOutput: OutputCollector
    private let standardError: OutputCollector
    private let condition = NSCondition()
    private var waitStatus: Int32? = nil

    init(pid: pid_t, executable: String, standardOutput: OutputCollector, standardError: OutputCollector) {
        self.pid = pid
        self.executable = executable
        self.standardOutput = standardOutput
        self.standardError = standardError
        let reaper = Thread { [condition] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            condition.lock()
            self.waitStatus = status
            condition.broadcast()
            condition.unlock()
        }
        reaper.name = "taskmgr-test-reaper"
        reaper.start()
    }

    /// Whether the child has not exited yet.
    public var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        return waitStatus == nil
    }

    /// Sends `signal` to the child alone.
    public func send(_ signal: Int32) {
        if isRunning { _ = Glibc.kill(pid, signal) }
    }

    /// Sends `signal` to the child's whole process group (the child and anything it started).
    public func sendToGroup(_ signal: Int32) {
        _ = Glibc.kill(-pid, signal)
    }

    /// SIGTERM to the child.
    public func terminate() { send(SIGTERM) }

    /// SIGKILL to the child's process group.
    public func kill() { sendToGroup(SIGKILL) }

    /// What the child wrote to fd 1 so far.
    public var standardOutputText: String { String(decoding: standardOutput.snapshot, as: UTF8.self) }
    /// What the child wrote to fd 2 so far.
    public var standardErrorText: String { String(decoding: standardError.snapshot, as: UTF8.self) }

    /// Waits until the child's stderr contains `text` (a log line, a "ready" message).
    /// Returns false after `timeout` seconds or when stderr closed without it.
    public func waitForStandardError(containing text: String, timeout: Double = 10) -> Bool {
        standardError.wait(timeout: timeout) { String(decoding: $0, as: UTF8.self).contains(text) }
    }

    /// Waits until the child's stdout contains `text`.
    public func waitForStandardOutput(containing text: String, timeout: Double = 10) -> Bool {
        standardOutput.wait(timeout: timeout) { String(decoding: $0, as: UTF8.self).contains(text) }
    }

    /// Waits at most `timeout` seconds for the child to exit and returns how it ended with
    /// all it wrote; nil if it is still running.
    public func waitForExit(timeout: Double) -> ProcessOutcome? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        while waitStatus == nil {
            if !condition.wait(until: deadline) { break }
        }
        let status = waitStatus
        condition.unlock()
        guard let status else { return nil }
        // A grandchild may still hold the pipes; don't wait for it forever.
        _ = standardOutput.waitForEnd(timeout: 2)
        _ = standardError.waitForEnd(timeout: 2)
        let decoded = ProcessOutcome.decode(waitStatus: status)
        return ProcessOutcome(exitCode: decoded.exitCode, signal: decoded.signal,
                              standardOutput: standardOutput.snapshot,
                              standardError: standardError.snapshot)
    }

    /// Stops the child: SIGTERM, then SIGKILL to its group after `grace` seconds.
    @discardableResult
    public func stop(grace: Double = 5) -> ProcessOutcome? {
        terminate()
        if let outcome = waitForExit(timeout: grace) { return outcome }
        kill()
        return waitForExit(timeout: 5)
    }

    deinit {
        if isRunning { sendToGroup(SIGKILL) }
    }
}
