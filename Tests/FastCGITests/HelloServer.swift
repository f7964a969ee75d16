import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `taskmgr-fcgi-hello` started for one test in one of its launch modes, with its socket in a
/// private temporary directory. Tests wait for its `event=started` log line before sending.
final class HelloServer: Sendable {
    let process: RunningProcess
    let socketPath: String
    let directory: TempDirectory

    static var binary: String {
        get throws { try PackagePaths.requireExecutable("taskmgr-fcgi-hello") }
    }

    private init(process: RunningProcess, socketPath: String, directory: TempDirectory) throws {
        self.process = process
        self.socketPath = socketPath
        self.directory = directory
        guard process.waitForStandardError(containing: "event=started", timeout: 20) else {
            process.kill()
            throw TestSupportError("hello did not start: \(process.standardErrorText)")
        }
    }

    /// `--listen SOCKET` plus `arguments`.
    static func listening(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> HelloServer {
        let directory = try TempDirectory()
        let socket = directory.file("hello.sock")
        let process = try ProcessRunner.start(
            try binary, arguments: ["--listen", socket] + arguments,
            environment: ProcessRunner.environment(adding: environment))
        return try HelloServer(process: process, socketPath: socket, directory: directory)
    }

    /// Under `spawn-fcgi -n`, which binds the socket and execs hello with it as fd 0.
    static func underSpawnFcgi(_ arguments: [String] = []) throws -> HelloServer {
        let directory = try TempDirectory()
        let socket = directory.file("hello.sock")
        let process = try ProcessRunner.start(
            "spawn-fcgi", arguments: ["-s", socket, "-M", "0660", "-n", "--", try binary] + arguments)
        return try HelloServer(process: process, socketPath: socket, directory: directory)
    }

    /// Under `systemd-socket-activate`, which passes the socket as fd 3 with LISTEN_FDS.
    /// It strips the environment, so `environment` goes through `-E`.
    static func underSocketActivation(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> HelloServer {
        let directory = try TempDirectory()
        let socket = directory.file("hello.sock")
        let passed = environment.flatMap { ["-E", "\($0.key)=\($0.value)"] }
        let process = try ProcessRunner.start(
            "systemd-socket-activate", arguments: ["-l", socket] + passed + [try binary] + arguments)
        // systemd-socket-activate starts hello on the first connection, not before.
        // (So wait for its own log line: a probing connect would start hello early.)
        guard process.waitForStandardError(containing: "Listening on", timeout: 20) else {
            process.kill()
            throw TestSupportError("systemd-socket-activate did not listen: \(process.standardErrorText)")
        }
        return try HelloServer(lazy: process, socketPath: socket, directory: directory)
    }

    /// With a listening socket made by the test itself handed over as fd 0, as systemd's
    /// `StandardInput=socket` does.
    static func withSocketOnStandardInput(_ arguments: [String] = []) throws -> HelloServer {
        let directory = try TempDirectory()
        let socket = directory.file("hello.sock")
        let fd = try UnixListeningSocket.make(path: socket)
        defer { close(fd) }
        let process = try ProcessRunner.start(try binary, arguments: arguments, standardInput: .fileDescriptor(fd))
        return try HelloServer(process: process, socketPath: socket, directory: directory)
    }

    /// For launchers that start hello only when the first connection comes.
    private init(lazy process: RunningProcess, socketPath: String, directory: TempDirectory) throws {
        self.process = process
        self.socketPath = socketPath
        self.directory = directory
    }

    func request(
        method: String = "GET", path: String = "/", query: String = "", body: [UInt8] = [],
        contentLength: String? = nil, params: [String: String] = [:]
    ) throws -> CGIReply {
        try FastCGIClient.request(socket: socketPath, method: method, path: path, query: query,
                                  body: body, contentLength: contentLength, params: params)
    }

    deinit {
        if process.isRunning { process.kill() }
    }
}
