import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The exits systemd socket activation relies on: idle, request count, SIGTERM — all exit 0.
@Suite("Server lifecycle")
struct LifecycleTests {
    @Test("exits 0 after the idle timeout and removes its --listen socket")
    func idleExit() throws {
        let started = Date()
        let server = try HelloServer.listening(["--idle-timeout", "1"])
        #expect(try server.request().status == 200)
        let outcome = try #require(server.process.waitForExit(timeout: 15))
        let elapsed = Date().timeIntervalSince(started)
        #expect(outcome.exitCode == 0)
        #expect(elapsed >= 1.0)
        #expect(outcome.standardErrorText.contains("event=stopped reason=idle requests=1"))
        #expect(!FileManager.default.fileExists(atPath: server.socketPath))
    }

    @Test("TASKMGR_IDLE_TIMEOUT works like the flag, under socket activation too")
    func idleExitFromEnvironment() throws {
        let server = try HelloServer.underSocketActivation(environment: ["TASKMGR_IDLE_TIMEOUT": "1"])
        #expect(try server.request().text == "hello\n")
        // systemd-socket-activate execs hello, so its exit is hello's.
        let outcome = try #require(server.process.waitForExit(timeout: 15))
        #expect(outcome.exitCode == 0)
        #expect(outcome.standardErrorText.contains("reason=idle"))
    }

    @Test("idle timeout 0 means never")
    func idleNever() throws {
        let server = try HelloServer.listening(["--idle-timeout", "0"])
        #expect(server.process.waitForExit(timeout: 2) == nil)
        #expect(try server.request().status == 200)
    }

    @Test("a connection that never sends its request does not keep an idle server alive")
    func silentConnection() throws {
        let server = try HelloServer.listening(["--idle-timeout", "1", "--workers", "1"])
        let client = try ProcessRunner.start(
            "python3", arguments: ["-c", "import socket,sys,time; s=socket.socket(socket.AF_UNIX); "
                + "s.connect(sys.argv[1]); print('connected', flush=True); time.sleep(20)", server.socketPath])
        defer { client.kill() }
        #expect(client.waitForStandardOutput(containing: "connected", timeout: 10))
        let outcome = try #require(server.process.waitForExit(timeout: 10))
        #expect(outcome.exitCode == 0)
    }

    @Test("SIGTERM wakes a worker blocked on a connection that never sends, exit 0")
    func sigtermWithSilentConnection() throws {
        let server = try HelloServer.listening(["--idle-timeout", "0", "--workers", "1"])
        let client = try ProcessRunner.start(
            "python3", arguments: ["-c", "import socket,sys,time; s=socket.socket(socket.AF_UNIX); "
                + "s.connect(sys.argv[1]); print('connected', flush=True); time.sleep(20)", server.socketPath])
        defer { client.kill() }
        #expect(client.waitForStandardOutput(containing: "connected", timeout: 10))
        usleep(300_000)
        server.process.terminate()
        let outcome = try #require(server.process.waitForExit(timeout: 5))
        #expect(outcome.exitCode == 0)
        #expect(outcome.standardErrorText.contains("reason=sigterm"))
    }

    @Test("exits 0 after --max-requests requests across workers")
    func maxRequests() throws {
        let server = try HelloServer.listening(["--max-requests", "3", "--workers", "2", "--idle-timeout", "0"])
        for _ in 0..<3 { #expect(try server.request().status == 200) }
        let outcome = try #require(server.process.waitForExit(timeout: 10))
        #expect(outcome.exitCode == 0)
        #expect(outcome.standardErrorText.contains("reason=max_requests requests=3"))
    }

    @Test("TASKMGR_MAX_REQUESTS=1 answers one request then exits")
    func maxRequestsFromEnvironment() throws {
        let server = try HelloServer.listening(environment: ["TASKMGR_MAX_REQUESTS": "1"])
        #expect(try server.request().status == 200)
        #expect(try #require(server.process.waitForExit(timeout: 10)).exitCode == 0)
    }

    @Test("SIGTERM during a slow request: the request is answered, then exit 0")
    func sigtermFinishesInFlight() throws {
        let server = try HelloServer.listening(["--workers", "2", "--idle-timeout", "0"])
        let socket = server.socketPath
        let environment = FastCGIClient.requestParams(
            method: "GET", path: "/sleep", query: "seconds=1.5", body: [], contentLength: nil, params: [:])
            .merging(["PATH": "/usr/bin:/bin"]) { $1 }
        let client = try ProcessRunner.start("cgi-fcgi", arguments: ["-bind", "-connect", socket], environment: environment)
        // Give the request time to reach the handler, then stop the server under it.
        usleep(500_000)
        #expect(server.process.isRunning)
        server.process.terminate()
        let clientOutcome = try #require(client.waitForExit(timeout: 15))
        let reply = try CGIReply(parsing: clientOutcome.standardOutput)
        #expect(reply.status == 200)
        #expect(reply.text == "slept 1.5\n")
        let outcome = try #require(server.process.waitForExit(timeout: 15))
        #expect(outcome.exitCode == 0)
        #expect(outcome.signal == nil)
        #expect(outcome.standardErrorText.contains("reason=sigterm requests=1"))
    }

    @Test("SIGTERM on an idle server exits 0 promptly")
    func sigtermIdle() throws {
        let server = try HelloServer.listening(["--idle-timeout", "0", "--workers", "4"])
        let started = Date()
        server.process.terminate()
        let outcome = try #require(server.process.waitForExit(timeout: 10))
        #expect(outcome.exitCode == 0)
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test("a client that hangs up early does not kill the server (SIGPIPE ignored)")
    func clientHangsUp() throws {
        let server = try HelloServer.listening(["--workers", "1", "--idle-timeout", "0"])
        let environment = FastCGIClient.requestParams(
            method: "GET", path: "/sleep", query: "seconds=0.5", body: [], contentLength: nil, params: [:])
            .merging(["PATH": "/usr/bin:/bin"]) { $1 }
        let client = try ProcessRunner.start("cgi-fcgi", arguments: ["-bind", "-connect", server.socketPath],
                                             environment: environment)
        usleep(200_000)
        client.kill()
        _ = client.waitForExit(timeout: 5)
        usleep(600_000)
        #expect(server.process.isRunning)
        #expect(try server.request().text == "hello\n")
    }
}
