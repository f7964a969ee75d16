import Foundation

/// How a FastCGI executable serves: where it listens, how many worker threads, and when it
/// exits by itself so systemd socket activation can start it again on demand.
public struct ServerOptions: Sendable, Equatable {
    /// Worker threads, each with its own request and (in routes) its own database connection.
    /// 8: measured on 2 cores, a route serves ~25% (reads) to ~50% (creates) more than with 4,
    /// because more requests overlap their database round trips and commits; 7 routes × 8
    /// stays well inside PostgreSQL's default 100 connections.
    public var workers: Int = 8
    /// Seconds without a request after which the process exits; 0 = never.
    public var idleTimeout: Double = 60
    /// Requests (across all workers) after which the process stops accepting and exits; 0 = never.
    public var maxRequests: Int = 0
    /// Largest request body accepted; a larger CONTENT_LENGTH is answered 413 unread.
    public var maxBodyBytes: Int = 1 << 20
    /// Bind this unix socket instead of taking one from systemd, spawn-fcgi or a CGI server.
    public var listenPath: String? = nil
    /// The `listen` backlog for `listenPath`.
    public var listenBacklog: Int = 128
    /// File mode of the socket at `listenPath` (connecting needs write permission).
    public var socketMode: UInt32 = 0o660

    public init() {}

    /// A bad flag or value, with a message for the person who typed it.
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let description: String
        /// True for `--help`: not an error, the caller prints `usage` and exits 0.
        public let isHelpRequest: Bool
        init(_ description: String, isHelpRequest: Bool = false) {
            self.description = description
            self.isHelpRequest = isHelpRequest
        }
    }

    /// Reads the flags `--listen PATH`, `--workers N`, `--idle-timeout SECONDS`,
    /// `--max-requests N`, `--max-body-bytes N`, `--socket-mode OCTAL`, `--listen-backlog N`
    /// (also as `--flag=value`) and the environment `TASKMGR_WORKERS`, `TASKMGR_IDLE_TIMEOUT`,
    /// `TASKMGR_MAX_REQUESTS`, `TASKMGR_MAX_BODY_BYTES`. Flags win over the environment.
    /// `arguments` includes the program name first, like `CommandLine.arguments`.
    public static func parse(
        arguments: [String] = CommandLine.arguments,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ServerOptions {
        var options = ServerOptions()
        try options.apply(environment: environment)
        try options.apply(flags: Array(arguments.dropFirst()))
        return options
    }

    private mutating func apply(environment: [String: String]) throws(ParseError) {
        if let value = environment["TASKMGR_WORKERS"], !value.isEmpty {
            workers = try Self.integer(value, name: "TASKMGR_WORKERS", range: 1...256)
        }
        if let value = environment["TASKMGR_IDLE_TIMEOUT"], !value.isEmpty {
            idleTimeout = try Self.seconds(value, name: "TASKMGR_IDLE_TIMEOUT")
        }
        if let value = environment["TASKMGR_MAX_REQUESTS"], !value.isEmpty {
            maxRequests = try Self.integer(value, name: "TASKMGR_MAX_REQUESTS", range: 0...Int.max)
        }
        if let value = environment["TASKMGR_MAX_BODY_BYTES"], !value.isEmpty {
            maxBodyBytes = try Self.integer(value, name: "TASKMGR_MAX_BODY_BYTES", range: 0...Int(Int32.max))
        }
    }

    private mutating func apply(flags: [String]) throws(ParseError) {
        var index = 0
        while index < flags.count {
            var flag = flags[index]
            var value: String? = nil
            if let equals = flag.firstIndex(of: "="), flag.hasPrefix("--") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            }
            if flag == "--help" || flag == "-h" { throw ParseError("help requested", isHelpRequest: true) }
            guard Self.knownFlags.contains(flag) else { throw ParseError("unknown option \(flag)") }
            if value == nil {
                index += 1
                guard index < flags.count else { throw ParseError("\(flag) needs a value") }
                value = flags[index]
            }
            try set(flag, value!)
            index += 1
        }
    }

    private static let knownFlags: Set<String> = [
        "--listen", "--workers", "--idle-timeout", "--max-requests", "--max-body-bytes",
        "--socket-mode", "--listen-backlog",
    ]

    private mutating func set(_ flag: String, _ value: String) throws(ParseError) {
        switch flag {
        case "--listen":
            guard !value.isEmpty else { throw ParseError("--listen needs a socket path") }
            listenPath = value
        case "--workers": workers = try Self.integer(value, name: flag, range: 1...256)
        case "--idle-timeout": idleTimeout = try Self.seconds(value, name: flag)
        case "--max-requests": maxRequests = try Self.integer(value, name: flag, range: 0...Int.max)
        case "--max-body-bytes": maxBodyBytes = try Self.integer(value, name: flag, range: 0...Int(Int32.max))
        case "--listen-backlog": listenBacklog = try Self.integer(value, name: flag, range: 1...65535)
        case "--socket-mode":
            guard let mode = UInt32(value, radix: 8), mode <= 0o777 else {
                throw ParseError("--socket-mode must be an octal file mode such as 0660, not \(value)")
            }
            socketMode = mode
        default: throw ParseError("unknown option \(flag)")
        }
    }

    private static func integer(_ text: String, name: String, range: ClosedRange<Int>) throws(ParseError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ParseError("\(name) must be a whole number in \(range.lowerBound)…\(range.upperBound), not \(text)")
        }
        return value
    }

    private static func seconds(_ text: String, name: String) throws(ParseError) -> Double {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw ParseError("\(name) must be a number of seconds (0 = never), not \(text)")
        }
        return value
    }
}
