import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A FastCGI backend for tests of nginx itself: `fcgiwrap` on a route socket, running a
/// shell script that answers 200 with every FastCGI param it received (as `NAME=value`
/// lines) and appends one line per request to `seen.log`; a path ending in `/slow` takes
/// two seconds to answer.
///
/// Independent of taskmgr's own FastCGI code on purpose: it shows exactly what nginx sends
/// (TASKMGR_ROLE, no Authorization …) and counts exactly which requests got through.
/// fcgiwrap runs `DOCUMENT_ROOT + SCRIPT_NAME`, i.e. `<run dir>/html/<request path>`, so
/// the script is linked at each path a test will request.
public final class EchoCGIBackend: @unchecked Sendable {
    private let process: RunningProcess
    /// Where each request that reached the backend is logged: `METHOD PATH CONTENT_LENGTH`.
    public let seenLogPath: String

    /// Starts fcgiwrap on `socketPath`, answering the given request paths (without query).
    /// `directory` is nginx's prefix (its document root is `<directory>/html`); `workers`
    /// is how many requests it serves at once.
    public init(directory: String, socketPath: String, paths: [String], workers: Int = 4) throws {
        seenLogPath = directory + "/seen.log"
        let script = directory + "/echo.cgi"
        try """
            #!/bin/sh
            printf '%s %s %s\\n' "$REQUEST_METHOD" "$DOCUMENT_URI" "${CONTENT_LENGTH:-0}" >> '\(seenLogPath)'
            cat > /dev/null
            case "$DOCUMENT_URI" in */slow) sleep 2 ;; esac
            printf 'Status: 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\n'
            env | sort

            """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let files = FileManager.default
        for path in paths {
            let target = directory + "/html" + path
            try files.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                      withIntermediateDirectories: true)
            try? files.removeItem(atPath: target)
            try files.createSymbolicLink(atPath: target, withDestinationPath: script)
        }
        try? files.removeItem(atPath: socketPath)
        process = try ProcessRunner.start(
            "fcgiwrap", arguments: ["-s", "unix:" + socketPath, "-c", String(workers)],
            environment: ["PATH": "/usr/bin:/bin"])
        guard SocketProbe.waitForUnixSocket(socketPath, timeout: 10) else {
            process.kill()
            throw TestSupportError("fcgiwrap did not listen on \(socketPath): \(process.standardErrorText)")
        }
    }

    /// The requests that reached the backend so far, one `METHOD PATH CONTENT_LENGTH` each.
    public var seenRequests: [String] {
        NginxServer.lines(of: seenLogPath)
    }

    public func stop() {
        process.kill()
        _ = process.waitForExit(timeout: 5)
    }

    deinit { stop() }
}
