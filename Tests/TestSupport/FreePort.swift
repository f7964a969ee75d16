import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Loopback TCP ports for test servers, chosen by the kernel so tests never collide with
/// another program (or another test) that holds a port someone picked by hand.
public enum FreePort {
    /// A TCP port on 127.0.0.1 that was free a moment ago: the kernel picks it for a socket
    /// bound to port 0, which is then closed. Bind it soon; use `SO_REUSEADDR`.
    public static func next() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestSupportError("bind failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length)
            }
        }
        guard named == 0 else { throw TestSupportError("getsockname failed: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
