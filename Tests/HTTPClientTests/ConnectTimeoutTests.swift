import Foundation
import Testing
import HTTPClient
import TaskmgrCore
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite("HTTPClient connect timeout")
struct ConnectTimeoutTests {
    @Test("a listener that never completes the handshake ends in .timeout after the connect timeout")
    func connectTimeout() throws {
        let listener = try FullBacklogListener()
        defer { listener.close() }
        var options = loopbackOptions()
        options.connectTimeout = 0.5
        options.totalTimeout = 10
        let started = Date()
        let result = get("http://127.0.0.1:\(listener.port)/", options: options)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.failure == .timeout)
        #expect(elapsed >= 0.4 && elapsed < 4, "took \(elapsed) s; the connect timeout is 0.5 s and the total 10 s")
    }
}

/// A loopback listener with a backlog of one that never accepts, its queue filled by two
/// idle connections: Linux then drops further SYNs, so a new connect hangs in the handshake.
final class FullBacklogListener {
    let port: Int
    private var fds: [Int32] = []

    init() throws {
        let (fd, port) = try LoopbackTCPSocket.listen(backlog: 0)
        fds.append(fd)
        self.port = port
        var address = LoopbackTCPSocket.address(port: port)
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        for _ in 0..<2 {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) }
            }
            fds.append(client)
        }
        usleep(100_000)
    }

    func close() {
        for fd in fds { _ = Glibc.close(fd) }
        fds = []
    }
}

