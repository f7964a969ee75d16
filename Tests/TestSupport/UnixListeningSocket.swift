#if canImport(Glibc)
import Glibc
#endif

/// A listening unix stream socket made by a test — what systemd's `.socket` unit or
/// spawn-fcgi would hold — to hand to a child as fd 0 or through `LISTEN_FDS`.
public enum UnixListeningSocket {
    /// Binds and listens on `path` (replacing a stale socket file); returns the descriptor,
    /// which the caller closes. The corresponding C functions are `socket`, `bind` and `listen`.
    public static func make(path: String, backlog: Int32 = 16) throws -> Int32 {
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw TestSupportError("socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(fd, backlog) == 0 else {
            let error = errno
            close(fd)
            throw TestSupportError("bind/listen \(path): errno \(error)")
        }
        return fd
    }
}
