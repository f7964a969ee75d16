#if canImport(Glibc)
import Glibc
#endif

/// The listening unix socket the server binds itself for `--listen PATH` (local runs, tests).
///
/// A stale socket file left by a killed server is removed first, but only if it is a socket:
/// a typo must never delete a regular file. On close the file is removed again, but only if it
/// is still ours (same inode), so a newer server's socket at the same path survives.
struct UnixListener {
    let fd: Int32
    let path: String
    private let inode: ino_t

    enum Failure: Error, CustomStringConvertible {
        case pathTooLong(String)
        case notASocket(String)
        case call(String, Int32)

        var description: String {
            switch self {
            case .pathTooLong(let path): "socket path is longer than 107 bytes: \(path)"
            case .notASocket(let path): "refusing to replace \(path): it exists and is not a socket"
            case .call(let name, let code): "\(name) failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// Binds and listens on `path` with file mode `mode` and the given backlog.
    init(path: String, mode: UInt32, backlog: Int32) throws(Failure) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .pathTooLong(path) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        try Self.removeStaleSocket(at: path)
        let fd = Self.makeSocket()
        guard fd >= 0 else { throw .call("socket", errno) }
        guard Self.bind(fd, &address) == 0 else {
            let code = errno
            Syscalls.close(fd)
            throw .call("bind \(path)", code)
        }
        guard Self.changeMode(path, mode) == 0, Self.listen(fd, backlog) == 0 else {
            let code = errno
            Syscalls.close(fd)
            _ = unlink(path)
            throw .call("listen \(path)", code)
        }
        self.fd = fd
        self.path = path
        self.inode = Self.inodeOfSocket(at: path) ?? 0
    }

    /// Closes the socket and removes its file if it is still the one this listener created.
    func close() {
        Syscalls.close(fd)
        if let current = Self.inodeOfSocket(at: path), current == inode {
            _ = Self.remove(path)
        }
    }

    /// A close-on-exec unix stream socket. The corresponding C function is `socket`.
    private static func makeSocket() -> Int32 {
        socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    /// The corresponding C function is `bind`.
    private static func bind(_ fd: Int32, _ address: inout sockaddr_un) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }

    /// The corresponding C function is `listen`.
    private static func listen(_ fd: Int32, _ backlog: Int32) -> Int32 {
        Glibc.listen(fd, backlog)
    }

    /// Sets who may connect (connecting needs write permission on the file).
    /// The corresponding C function is `chmod`.
    private static func changeMode(_ path: String, _ mode: UInt32) -> Int32 {
        chmod(path, mode_t(mode))
    }

    /// The corresponding C function is `unlink`.
    private static func remove(_ path: String) -> Int32 {
        unlink(path)
    }

    /// The inode of the socket file at `path`, or nil if there is none (or it isn't a socket).
    /// The corresponding C function is `lstat`.
    private static func inodeOfSocket(at path: String) -> ino_t? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK else { return nil }
        return info.st_ino
    }

    private static func removeStaleSocket(at path: String) throws(Failure) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else { throw .notASocket(path) }
        _ = remove(path)
    }
}
