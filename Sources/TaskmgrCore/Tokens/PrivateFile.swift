import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The few POSIX calls behind `TokenMapFile`, each wrapped once: an exclusive lock on a
/// folder, and an atomic replace of a file that is never readable by others, not even for
/// a moment (Foundation's atomic write would create it with the umask's mode).
enum PrivateFile {
    /// Opens `folder` and takes an exclusive lock on it; returns the descriptor to unlock.
    /// The corresponding C functions are `open` and `flock`.
    static func lockFolder(_ folder: String) throws(TokenMapError) -> Int32 {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .file("cannot open \(folder): \(errorText())") }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let message = errorText()
            close(fd)
            throw .file("cannot lock \(folder): \(message)")
        }
        return fd
    }

    /// Releases a lock from `lockFolder`. The corresponding C function is `close`.
    static func unlock(_ fd: Int32) {
        close(fd)
    }

    /// Writes `text` to a new 0600 file beside `path`, flushes it, and renames it over
    /// `path`. The corresponding C functions are `mkstemp`, `fchmod`, `write`, `fsync`
    /// and `rename`.
    static func replace(_ path: String, with text: String) throws(TokenMapError) {
        var template = Array((path + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .file("cannot create a file beside \(path): \(errorText())") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: String? = nil
        if fchmod(fd, 0o600) != 0 { failure = "chmod: \(errorText())" }
        if failure == nil { failure = writeAll(fd, Array(text.utf8)) }
        if failure == nil, fsync(fd) != 0 { failure = "fsync: \(errorText())" }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = "rename: \(errorText())" }
        if let failure {
            unlink(temporary)
            throw .file("cannot write \(path): \(failure)")
        }
    }

    /// Writes every byte, retrying short writes and EINTR; returns an error text or nil.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return "write: \(errorText())"
            }
            offset += written
        }
        return nil
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
