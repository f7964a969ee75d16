import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real nginx running taskmgr's shipped configuration, rendered for one test by
/// `.ci/render-nginx` into a run directory (paths and ports rewritten, directives unchanged).
///
/// The route sockets are expected in `socketDirectory`; whoever starts the routes puts them
/// there. The master runs as the test user (root in CI), in the foreground, in its own
/// process group, so `stop()` (or `deinit`) takes the workers with it.
public final class NginxServer: @unchecked Sendable {
    /// What to render; the defaults are a private run under `directory`.
    public struct Options: Sendable {
        /// Multiply every rate, burst and connection limit by 1000, so tests that send
        /// hundreds of requests are not throttled. The nginx tests leave it off.
        public var relaxedLimits: Bool = true
        /// Where route sockets live; nil means `<directory>/run`.
        public var socketDirectory: String? = nil
        /// The token map file; nil means `<directory>/tokens.map`.
        public var tokenMap: String? = nil
        public init(relaxedLimits: Bool = true, socketDirectory: String? = nil, tokenMap: String? = nil) {
            self.relaxedLimits = relaxedLimits
            self.socketDirectory = socketDirectory
            self.tokenMap = tokenMap
        }
    }

    /// The run directory holding nginx.conf, conf.d/, snippets/, logs/.
    public let directory: String
    public let httpsPort: UInt16
    public let httpPort: UInt16
    public let socketDirectory: String
    public let tokenMapPath: String
    private let process: RunningProcess

    /// `https://127.0.0.1:<port>` (the test certificate names 127.0.0.1).
    public var httpsURL: String { "https://127.0.0.1:\(httpsPort)" }
    /// `http://127.0.0.1:<port>`, which only redirects.
    public var httpURL: String { "http://127.0.0.1:\(httpPort)" }
    public var accessLogPath: String { directory + "/logs/taskmgr-access.log" }
    public var unauthorizedLogPath: String { directory + "/logs/taskmgr-unauthorized.log" }
    public var errorLogPath: String { directory + "/logs/error.log" }
    /// The certificate nginx serves; clients trust it as their only CA.
    public var certificatePath: String { directory + "/cert.pem" }

    private init(directory: String, httpsPort: UInt16, httpPort: UInt16, socketDirectory: String,
                 tokenMapPath: String, process: RunningProcess) {
        self.directory = directory
        self.httpsPort = httpsPort
        self.httpPort = httpPort
        self.socketDirectory = socketDirectory
        self.tokenMapPath = tokenMapPath
        self.process = process
    }

    /// Renders the configuration into `directory` (which must exist), makes the test
    /// certificate if there is none, checks it with `nginx -t`, starts nginx and waits until
    /// both ports accept connections. Retries with new ports if one was taken meanwhile.
    public static func start(directory: String, options: Options = Options()) throws -> NginxServer {
        var lastError: Error = TestSupportError("nginx did not start")
        for _ in 0..<3 {
            do {
                return try startOnce(directory: directory, options: options)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func startOnce(directory: String, options: Options) throws -> NginxServer {
        let httpsPort = try FreePort.next()
        var httpPort = try FreePort.next()
        while httpPort == httpsPort { httpPort = try FreePort.next() }
        let socketDirectory = options.socketDirectory ?? directory + "/run"
        let tokenMap = options.tokenMap ?? directory + "/tokens.map"
        if !FileManager.default.fileExists(atPath: directory + "/cert.pem") {
            try TestCertificate.copy(into: directory)
        }
        var arguments = ["--out", directory, "--https-port", String(httpsPort), "--http-port", String(httpPort),
                         "--socket-dir", socketDirectory, "--token-map", tokenMap]
        if options.relaxedLimits { arguments.append("--relaxed-limits") }
        try runChecked(PackagePaths.root + "/.ci/render-nginx", arguments)
        let base = ["-p", directory, "-c", directory + "/nginx.conf"]
        try runChecked("nginx", base + ["-t", "-q", "-g", "daemon off;"])
        let process = try ProcessRunner.start("nginx", arguments: base + ["-g", "daemon off;"])
        let server = NginxServer(directory: directory, httpsPort: httpsPort, httpPort: httpPort,
                                 socketDirectory: socketDirectory, tokenMapPath: tokenMap, process: process)
        let ready = Wait.until(timeout: 10) {
            !process.isRunning || (SocketProbe.canConnect(port: httpsPort) && SocketProbe.canConnect(port: httpPort))
        }
        guard ready, process.isRunning else {
            let log = (try? String(contentsOfFile: server.errorLogPath, encoding: .utf8)) ?? ""
            server.stop()
            throw TestSupportError("nginx did not come up: \(process.standardErrorText) \(log)")
        }
        return server
    }

    /// Makes nginx re-read its configuration and the token map (`nginx -s reload`), and
    /// waits until the new workers answer.
    public func reload() throws {
        try Self.runChecked("nginx", ["-p", directory, "-c", directory + "/nginx.conf", "-s", "reload"])
        // The master starts new workers and retires the old ones; give it a moment.
        usleep(300_000)
    }

    /// Stops nginx (SIGTERM: fast shutdown) and waits for it.
    public func stop() {
        if process.isRunning { process.stop(grace: 5) }
    }

    /// The lines of the log at `path` so far (empty if it doesn't exist yet).
    public static func lines(of path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    static func runChecked(_ executable: String, _ arguments: [String]) throws {
        let outcome = try ProcessRunner.run(executable, arguments: arguments, timeout: 30)
        guard outcome.succeeded else {
            throw TestSupportError(
                "\(executable) \(arguments.joined(separator: " ")) failed: "
                    + outcome.standardErrorText + outcome.standardOutputText)
        }
    }

    deinit { stop() }
}
