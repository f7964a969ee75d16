import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// nginx with the shipped configuration and its shipped limits, in front of an
/// `EchoCGIBackend` on one route socket: for tests of what nginx lets through.
public final class NginxEchoStack: @unchecked Sendable {
    public let nginx: NginxServer
    public let backend: EchoCGIBackend
    public let tokens: TestTokens
    private let runDirectory: TempDirectory

    public var directory: String { runDirectory.path }

    /// - Parameters:
    ///   - route: the socket the echo serves (`task-status` → `run/task-status.sock`).
    ///   - paths: the request paths the echo answers (others on that socket get 403/404
    ///     from fcgiwrap, which tests don't rely on).
    ///   - relaxedLimits: false keeps the shipped rate limits.
    ///   - workers: how many requests the echo serves at once.
    public init(route: String = "task-status", paths: [String], relaxedLimits: Bool = false, workers: Int = 4) throws {
        runDirectory = try TempDirectory(prefix: "tmn")
        tokens = TestTokens()
        let tokenMap = runDirectory.file("tokens.map")
        try tokens.mapFile.write(toFile: tokenMap, atomically: true, encoding: .utf8)
        chmod(tokenMap, 0o600)
        let socketDirectory = runDirectory.file("run")
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        backend = try EchoCGIBackend(directory: runDirectory.path, socketPath: socketDirectory + "/\(route).sock",
                                     paths: paths, workers: workers)
        nginx = try NginxServer.start(
            directory: runDirectory.path,
            options: .init(relaxedLimits: relaxedLimits, socketDirectory: socketDirectory, tokenMap: tokenMap))
    }

    /// One request over HTTPS; `authorization` is the raw header value (nil: none).
    public func request(
        method: String = "GET", path: String, authorization: String? = nil, body: [UInt8]? = nil,
        headers: [(String, String)] = []
    ) throws -> HTTPTestResponse {
        var sent = headers
        if let authorization { sent.append(("Authorization", authorization)) }
        return try CurlRequest.send(url: nginx.httpsURL + path, method: method, headers: sent, body: body,
                                    caFile: nginx.certificatePath)
    }

    /// `count` quick requests on one connection; statuses and Retry-After values.
    public func burst(path: String, authorization: String?, count: Int) throws -> [(status: Int, retryAfter: String?)] {
        try burst(path: path, authorizations: Array(repeating: authorization, count: count))
    }

    /// One quick request per entry (nil: no Authorization), in order, on one connection.
    public func burst(path: String, authorizations: [String?]) throws -> [(status: Int, retryAfter: String?)] {
        let headerSets = authorizations.map { value in value.map { [("Authorization", $0)] } ?? [] }
        return try CurlRequest.burst(url: nginx.httpsURL + path, headerSets: headerSets, caFile: nginx.certificatePath)
    }

    public func stop() {
        nginx.stop()
        backend.stop()
    }

    deinit { stop() }
}
