import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The whole taskmgr front for an integration test: a real nginx with the shipped
/// configuration, the route executables on their unix sockets, and three tokens.
///
/// ```swift
/// let stack = try TestStack.start()
/// let response = try stack.request(method: "POST", path: "/create-task",
///                                  token: stack.serviceToken, body: #"{"task_type":"x"}"#)
/// ```
/// Routes read the database from the harness's `PGHOST`/`PGPORT`/`PGDATABASE` and connect
/// as `taskmgr_api`. Everything lives in a private temp directory, removed by `stop()`.
public final class TestStack: @unchecked Sendable {
    /// Every route, by socket name.
    public static let allRoutes = [
        "create-task", "task-status", "update-task", "tasks", "retry-task", "cancel-task", "task-events",
    ]

    public let nginx: NginxServer
    /// A `service_role` token (name `test-service`).
    public let serviceToken: String
    /// An `authenticated` token without a user id (name `test-authenticated`).
    public let authenticatedToken: String
    /// An `authenticated` token carrying `userID` (name `test-user`).
    public let userToken: String
    public let userID: UUID
    /// The route processes, by route name; their stderr is their log.
    public let routes: [String: RunningProcess]
    private let runDirectory: TempDirectory

    public var httpsURL: String { nginx.httpsURL }
    public var httpURL: String { nginx.httpURL }
    public var directory: String { runDirectory.path }
    public var socketDirectory: String { nginx.socketDirectory }
    public var accessLogPath: String { nginx.accessLogPath }
    public var unauthorizedLogPath: String { nginx.unauthorizedLogPath }
    public var errorLogPath: String { nginx.errorLogPath }
    public var tokenMapPath: String { nginx.tokenMapPath }

    private init(nginx: NginxServer, tokens: TestTokens, routes: [String: RunningProcess], runDirectory: TempDirectory) {
        self.nginx = nginx
        self.serviceToken = tokens.service
        self.authenticatedToken = tokens.authenticated
        self.userToken = tokens.user
        self.userID = tokens.userID
        self.routes = routes
        self.runDirectory = runDirectory
    }

    /// Starts the routes and nginx and waits until all answer.
    ///
    /// - Parameters:
    ///   - routes: which routes get a process (the others answer 502).
    ///   - environment: extra variables for the route processes (they win).
    ///   - executable: run this binary on every route socket instead of `taskmgr-<route>`
    ///     (e.g. `taskmgr-fcgi-hello`, for tests of nginx itself).
    ///   - relaxedLimits: scale the rate limits up 1000× (default); the rate-limit tests pass false.
    public static func start(
        routes: [String] = allRoutes, environment: [String: String] = [:],
        executable: String? = nil, relaxedLimits: Bool = true
    ) throws -> TestStack {
        let runDirectory = try TempDirectory(prefix: "tms")
        let socketDirectory = runDirectory.file("run")
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        let tokens = TestTokens()
        let tokenMap = runDirectory.file("tokens.map")
        try tokens.mapFile.write(toFile: tokenMap, atomically: true, encoding: .utf8)
        chmod(tokenMap, 0o600)

        var processes: [String: RunningProcess] = [:]
        let childEnvironment = routeEnvironment(adding: environment)
        do {
            for route in routes {
                let binary = try PackagePaths.requireExecutable(executable ?? "taskmgr-\(route)")
                let socket = socketDirectory + "/\(route).sock"
                processes[route] = try ProcessRunner.start(
                    binary, arguments: ["--listen", socket, "--idle-timeout", "0"], environment: childEnvironment)
            }
            for route in routes {
                let socket = socketDirectory + "/\(route).sock"
                guard SocketProbe.waitForUnixSocket(socket, timeout: 10) else {
                    throw TestSupportError("route \(route) did not listen on \(socket): \(processes[route]?.standardErrorText ?? "")")
                }
            }
            let nginx = try NginxServer.start(
                directory: runDirectory.path,
                options: .init(relaxedLimits: relaxedLimits, socketDirectory: socketDirectory, tokenMap: tokenMap))
            return TestStack(nginx: nginx, tokens: tokens, routes: processes, runDirectory: runDirectory)
        } catch {
            processes.values.forEach { $0.stop(grace: 2) }
            throw error
        }
    }

    /// The harness's database variables, the route's login role, then `extra`.
    private static func routeEnvironment(adding extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PGUSER"] = "taskmgr_api"
        environment["DATABASE_URL"] = nil
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    /// Sends a request through nginx over HTTPS (the test certificate trusted).
    ///
    /// - Parameters:
    ///   - path: the path and query, e.g. `/tasks?status=failed`.
    ///   - token: sent as `Authorization: Bearer <token>`; nil sends no Authorization header.
    ///   - body: sent as is; a JSON content type is added unless `headers` names one.
    public func request(
        method: String = "GET", path: String, token: String? = nil, body: String? = nil,
        headers: [String: String] = [:]
    ) throws -> HTTPTestResponse {
        try request(method: method, path: path, token: token, bodyBytes: body.map { Array($0.utf8) }, headers: headers)
    }

    /// As `request(method:path:token:body:headers:)`, with a body of raw bytes.
    public func request(
        method: String = "GET", path: String, token: String? = nil, bodyBytes: [UInt8]?,
        headers: [String: String] = [:]
    ) throws -> HTTPTestResponse {
        var sent: [(String, String)] = headers.map { ($0.key, $0.value) }
        if let token { sent.append(("Authorization", "Bearer \(token)")) }
        if bodyBytes != nil, !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
            sent.append(("Content-Type", "application/json"))
        }
        return try CurlRequest.send(url: httpsURL + path, method: method, headers: sent, body: bodyBytes,
                                    caFile: nginx.certificatePath)
    }

    /// Stops nginx and the routes and removes the run directory (logs included), so a
    /// stack kept for the whole test process, and stopped at its exit, leaves nothing in /tmp.
    public func stop() {
        nginx.stop()
        for process in routes.values where process.isRunning { process.stop(grace: 5) }
        try? FileManager.default.removeItem(atPath: runDirectory.path)
    }

    deinit { stop() }
}
