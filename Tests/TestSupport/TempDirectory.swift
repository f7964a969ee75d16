import Foundation

/// A fresh, private directory under /tmp for one test's sockets, logs and config files.
///
/// The path is kept short on purpose: a unix socket path must fit in 108 bytes
/// (`sockaddr_un.sun_path`), and a deep temporary folder would not leave room.
/// The directory and everything in it is removed when the object goes away.
public final class TempDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates the directory with `mkdtemp`, mode 0700 unless `mode` says otherwise
    /// (pass 0o755 or 0o777 when another user, like `postgres` or `www-data`, must reach in).
    public init(prefix: String = "tm", mode: mode_t = 0o700) throws {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!)
        }
        guard created != nil else {
            throw TestSupportError("mkdtemp failed: errno \(errno)")
        }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if mode != 0o700 {
            chmod(path, mode)
        }
    }

    /// The path of `name` inside the directory (not created).
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `contents` to `name` inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        let target = file(name)
        try contents.write(toFile: target, atomically: true, encoding: .utf8)
        return target
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
