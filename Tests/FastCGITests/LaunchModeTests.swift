import Foundation
import Testing
import TestSupport

/// taskmgr-fcgi-hello answers a real FastCGI client in every way taskmgr starts a route.
@Suite("Launch modes")
struct LaunchModeTests {
    @Test("--listen PATH: binds its own socket with mode 0660 and answers")
    func listenPath() throws {
        let server = try HelloServer.listening(["--workers", "2"])
        let reply = try server.request(path: "/anything")
        #expect(reply.status == 200)
        #expect(reply.text == "hello\n")
        #expect(reply.header("Content-Type") == "text/plain")
        let attributes = try FileManager.default.attributesOfItem(atPath: server.socketPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
        #expect(server.process.standardErrorText.contains("event=started mode=listen workers=2"))
    }

    @Test("--socket-mode sets the socket's file mode")
    func socketMode() throws {
        let server = try HelloServer.listening(["--socket-mode", "0600"])
        let attributes = try FileManager.default.attributesOfItem(atPath: server.socketPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("--listen replaces a stale socket left by a killed server")
    func staleSocket() throws {
        let first = try HelloServer.listening()
        first.process.kill()
        _ = first.process.waitForExit(timeout: 10)
        #expect(FileManager.default.fileExists(atPath: first.socketPath))
        let process = try ProcessRunner.start(try HelloServer.binary, arguments: ["--listen", first.socketPath])
        defer { process.kill() }
        #expect(process.waitForStandardError(containing: "event=started", timeout: 20))
        #expect(try FastCGIClient.request(socket: first.socketPath).text == "hello\n")
    }

    @Test("--listen refuses to replace a file that is not a socket, exit 1")
    func refusesRegularFile() throws {
        let directory = try TempDirectory()
        let path = try directory.write("precious.txt", "keep me")
        let outcome = try ProcessRunner.run(try HelloServer.binary, arguments: ["--listen", path])
        #expect(outcome.exitCode == 1)
        #expect(outcome.standardErrorText.contains("not a socket"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }

    @Test("fd 0: spawn-fcgi hands over its socket as stdin")
    func spawnFcgi() throws {
        let server = try HelloServer.underSpawnFcgi()
        #expect(try server.request().text == "hello\n")
        #expect(server.process.standardErrorText.contains("mode=stdin"))
    }

    @Test("fd 0: a listening socket passed as stdin (systemd StandardInput=socket)")
    func socketOnStandardInput() throws {
        let server = try HelloServer.withSocketOnStandardInput(["--workers", "1"])
        #expect(try server.request(path: "/echo", query: "x=1").json()["query"] as? String == "x=1")
        #expect(server.process.standardErrorText.contains("mode=stdin workers=1"))
    }

    @Test("LISTEN_FDS: systemd-socket-activate passes fd 3; env goes through -E")
    func socketActivation() throws {
        let server = try HelloServer.underSocketActivation(environment: ["TASKMGR_WORKERS": "3"])
        let reply = try server.request()
        #expect(reply.text == "hello\n")
        #expect(server.process.waitForStandardError(containing: "mode=systemd workers=3", timeout: 10))
    }

    @Test("CGI: one request from the environment and stdin, Status header on stdout")
    func cgi() throws {
        var environment = FastCGIClient.requestParams(
            method: "PUT", path: "/echo", query: "q=%C3%A9", body: Array("data".utf8),
            contentLength: nil, params: ["HTTP_X_TRACE": "t-1", "CONTENT_TYPE": "text/plain"])
        environment["DATABASE_URL"] = "postgres://secret@db/x"
        let outcome = try ProcessRunner.run(
            try HelloServer.binary, environment: environment, standardInput: .bytes(Array("data".utf8)))
        #expect(outcome.exitCode == 0)
        let reply = try CGIReply(parsing: outcome.standardOutput)
        #expect(reply.status == 200)
        let echo = try reply.json()
        #expect(echo["method"] as? String == "PUT")
        #expect(echo["body"] as? String == "data")
        #expect(echo["content_type"] as? String == "text/plain")
        #expect((echo["query_items"] as? [[String: String]])?.first?["value"] == "é")
        #expect((echo["params"] as? [String: String])?["HTTP_X_TRACE"] == "t-1")
        #expect(!reply.text.contains("secret"), "echo must never show the process environment")
    }

    @Test("CGI under a real CGI server: fcgiwrap runs hello per request")
    func underFcgiwrap() throws {
        let directory = try TempDirectory()
        let socket = directory.file("fcgiwrap.sock")
        let binary = try HelloServer.binary
        let fcgiwrap = try ProcessRunner.start("fcgiwrap", arguments: ["-s", "unix:" + socket, "-p", binary])
        defer { fcgiwrap.kill() }
        #expect(SocketProbe.waitForUnixSocket(socket, timeout: 20))
        let reply = try FastCGIClient.request(
            socket: socket, method: "POST", path: "/echo", query: "n=1", body: Array("via fcgiwrap".utf8),
            params: ["SCRIPT_FILENAME": binary])
        #expect(reply.status == 200)
        let echo = try reply.json()
        #expect(echo["body"] as? String == "via fcgiwrap")
        #expect(echo["query"] as? String == "n=1")
        #expect(try FastCGIClient.request(socket: socket, params: ["SCRIPT_FILENAME": binary]).text == "hello\n")
    }

    @Test("CGI: 413 for a body over --max-body-bytes, handler not called")
    func cgiTooLarge() throws {
        let body = [UInt8](repeating: 65, count: 100)
        let environment = FastCGIClient.requestParams(
            method: "POST", path: "/echo", query: "", body: body, contentLength: nil, params: [:])
        let outcome = try ProcessRunner.run(
            try HelloServer.binary, arguments: ["--max-body-bytes", "10"], environment: environment,
            standardInput: .bytes(body))
        let reply = try CGIReply(parsing: outcome.standardOutput)
        #expect(reply.status == 413)
        #expect(reply.header("Content-Type") == "application/problem+json")
        #expect(try reply.json()["status"] as? Int == 413)
    }

    @Test("no socket and no CGI request: explains and exits 2")
    func noSocket() throws {
        let outcome = try ProcessRunner.run(try HelloServer.binary, environment: ["PATH": "/usr/bin:/bin"])
        #expect(outcome.exitCode == 2)
        #expect(outcome.standardErrorText.contains("--listen"))
    }

    @Test("a bad flag prints usage and exits 2; --help exits 0")
    func flags() throws {
        let bad = try ProcessRunner.run(try HelloServer.binary, arguments: ["--workers", "zero"])
        #expect(bad.exitCode == 2)
        #expect(bad.standardErrorText.contains("--workers must be a whole number"))
        let help = try ProcessRunner.run(try HelloServer.binary, arguments: ["--help"])
        #expect(help.exitCode == 0)
        #expect(help.standardOutputText.contains("usage: taskmgr-fcgi-hello"))
    }
}
