import Testing
@testable import FastCGI

@Suite("ServerOptions")
struct ServerOptionsTests {
    @Test("defaults: 4 workers, 60 s idle, no request limit, 1 MiB bodies, no --listen")
    func defaults() throws {
        let options = try ServerOptions.parse(arguments: ["route"], environment: [:])
        #expect(options == ServerOptions())
        #expect(options.workers == 8)
        #expect(options.idleTimeout == 60)
        #expect(options.maxRequests == 0)
        #expect(options.maxBodyBytes == 1 << 20)
        #expect(options.listenPath == nil)
        #expect(options.socketMode == 0o660)
    }

    @Test("environment sets values; flags win over it")
    func environmentAndFlags() throws {
        let environment = ["TASKMGR_WORKERS": "2", "TASKMGR_IDLE_TIMEOUT": "5", "TASKMGR_MAX_REQUESTS": "100",
                           "TASKMGR_MAX_BODY_BYTES": "4096"]
        let fromEnvironment = try ServerOptions.parse(arguments: ["route"], environment: environment)
        #expect(fromEnvironment.workers == 2)
        #expect(fromEnvironment.idleTimeout == 5)
        #expect(fromEnvironment.maxRequests == 100)
        #expect(fromEnvironment.maxBodyBytes == 4096)
        let flags = try ServerOptions.parse(
            arguments: ["route", "--workers", "8", "--idle-timeout=0.5", "--max-requests", "0",
                        "--listen", "/tmp/x.sock", "--socket-mode", "0666", "--max-body-bytes=10"],
            environment: environment)
        #expect(flags.workers == 8)
        #expect(flags.idleTimeout == 0.5)
        #expect(flags.maxRequests == 0)
        #expect(flags.listenPath == "/tmp/x.sock")
        #expect(flags.socketMode == 0o666)
        #expect(flags.maxBodyBytes == 10)
    }

    @Test("bad values and unknown flags are refused with a message", arguments: [
        ["--workers", "0"], ["--workers", "many"], ["--idle-timeout", "-1"], ["--idle-timeout", "nan"],
        ["--max-requests", "-3"], ["--socket-mode", "999"], ["--listen"], ["--verbose"], ["--listen", ""],
    ])
    func refusesBadFlags(_ flags: [String]) {
        #expect(throws: ServerOptions.ParseError.self) {
            try ServerOptions.parse(arguments: ["route"] + flags, environment: [:])
        }
    }

    @Test("a bad environment value is refused too")
    func refusesBadEnvironment() {
        #expect(throws: ServerOptions.ParseError.self) {
            try ServerOptions.parse(arguments: ["route"], environment: ["TASKMGR_WORKERS": "-2"])
        }
    }

    @Test("--help is reported as a help request, not an error")
    func help() {
        do {
            _ = try ServerOptions.parse(arguments: ["route", "--help"], environment: [:])
            Issue.record("--help parsed as options")
        } catch let error as ServerOptions.ParseError {
            #expect(error.isHelpRequest)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
