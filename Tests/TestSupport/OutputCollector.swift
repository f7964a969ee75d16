import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Drains one pipe from a child on its own thread, so a chatty child never blocks on a full
/// pipe, and lets tests look at what arrived so far.
final class OutputCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var finished = false

    /// Starts reading `fd` (the parent's read end) until EOF, then closes it.
    init(readingFrom fd: Int32) {
        let thread = Thread { [self] in self.drain(fd) }
        thread.name = "taskmgr-test-output"
        thread.start()
    }

    private func drain(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            condition.lock()
            bytes.append(contentsOf: chunk[0..<count])
            condition.broadcast()
            condition.unlock()
        }
        close(fd)
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// What arrived so far.
    var snapshot: [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        return bytes
    }

    /// Waits until `predicate` holds for the bytes so far, or EOF, or `timeout` seconds.
    /// Returns whether the predicate held.
    func wait(timeout: Double, until predicate: ([UInt8]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(bytes) {
            if finished { return false }
            if !condition.wait(until: deadline) { return predicate(bytes) }
        }
        return true
    }

    /// Waits for EOF (every writer closed the pipe), at most `timeout` seconds.
    func waitForEnd(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !finished {
            if !condition.wait(until: deadline) { return finished }
        }
        return true
    }
}
