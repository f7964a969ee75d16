import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Asks whether a test server is accepting connections yet, by connecting and closing.
public enum SocketProbe {
    /// Whether a unix stream socket at `path` accepts a connection now.
    public static func canConnect(unixPath path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    /// Whether 127.0.0.1:`port` accepts a TCP connection now.
    public static func canConnect(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    /// Waits until the unix socket at `path` accepts connections; false after `timeout` seconds.
    public static func waitForUnixSocket(_ path: String, timeout: Double = 10) -> Bool {
        Wait.until(timeout: timeout) { canConnect(unixPath: path) }
    }

    /// Waits until 127.0.0.1:`port` accepts connections; false after `timeout` seconds.
    public static func waitForPort(_ port: UInt16, timeout: Double = 10) -> Bool {
        Wait.until(timeout: timeout) { canConnect(port: port) }
    }
}
