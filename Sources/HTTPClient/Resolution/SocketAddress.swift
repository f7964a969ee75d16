#if canImport(Glibc)
import Glibc
#endif
import TaskmgrCore

/// Reading an `IPAddress` out of a C `sockaddr`, for resolver answers and for the socket
/// libcurl is about to connect.
enum SocketAddress {
    /// The address in a `sockaddr_in` or `sockaddr_in6`; nil for any other family.
    static func ipAddress(family: Int32, sockaddr raw: UnsafeRawPointer, length: Int) -> IPAddress? {
        switch family {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            let address = raw.loadUnaligned(as: sockaddr_in.self)
            return .v4(UInt32(bigEndian: address.sin_addr.s_addr))
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            let address = raw.loadUnaligned(as: sockaddr_in6.self)
            let bytes = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
            return IPAddress(bytes: bytes)
        default:
            return nil
        }
    }
}
