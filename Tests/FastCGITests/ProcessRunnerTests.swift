import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The shared test helpers other suites build on: if these lie, every integration test lies.
@Suite("ProcessRunner and friends")
struct ProcessRunnerTests {
    @Test("captures stdout, stderr and the exit code")
    func capturesOutputAndExitCode() throws {
        let outcome = try ProcessRunner.run("/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"])
        #expect(outcome.exitCode == 3)
        #expect(outcome.signal == nil)
        #expect(outcome.standardOutputText == "out\n")
        #expect(outcome.standardErrorText == "err\n")
    }

    @Test("feeds stdin bytes and passes the environment it is given")
    func feedsStandardInput() throws {
        let outcome = try ProcessRunner.run(
            "/bin/sh", arguments: ["-c", "cat; printf %s \"$GREETING\""],
            environment: ["GREETING": "hi", "PATH": "/usr/bin:/bin"],
            standardInput: .bytes(Array("body-".utf8)))
        #expect(outcome.standardOutputText == "body-hi")
    }

    @Test("reports the signal that ended a child, and stop() ends a running one")
    func reportsSignals() throws {
        let process = try ProcessRunner.start("/bin/sleep", arguments: ["30"])
        #expect(process.isRunning)
        let outcome = try #require(process.stop(grace: 5))
        #expect(outcome.exitCode == nil)
        #expect(outcome.signal == SIGTERM)
    }

    @Test("run() throws when the child outlives its timeout")
    func runTimesOut() {
        #expect(throws: TestSupportError.self) {
            _ = try ProcessRunner.run("/bin/sleep", arguments: ["30"], timeout: 0.3)
        }
    }

    @Test("hands extra descriptors to the child as fd 3 and closes the rest")
    func passesExtraDescriptors() throws {
        let directory = try TempDirectory()
        let path = try directory.write("three.txt", "from fd 3")
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        let outcome = try ProcessRunner.run(
            "/bin/sh", arguments: ["-c", "cat <&3; ls /proc/self/fd | wc -l"],
            extraFileDescriptors: [fd])
        // fds 0, 1, 2, 3, plus the one `ls` opens for /proc/self/fd.
        #expect(outcome.standardOutputText == "from fd 3" + "5\n")
    }

    @Test("waits for a line on stderr")
    func waitsForStandardError() throws {
        let process = try ProcessRunner.start("/bin/sh", arguments: ["-c", "sleep 0.2; echo ready >&2; sleep 30"])
        #expect(process.waitForStandardError(containing: "ready", timeout: 5))
        #expect(!process.waitForStandardError(containing: "never", timeout: 0.2))
        process.kill()
        #expect(process.waitForExit(timeout: 5)?.signal == SIGKILL)
    }

    @Test("FreePort gives a bindable loopback port; TempDirectory paths are short and removed")
    func freePortAndTempDirectory() throws {
        let port = try FreePort.next()
        #expect(port > 0)
        #expect(!SocketProbe.canConnect(port: port))
        var path = ""
        do {
            let directory = try TempDirectory()
            path = directory.path
            #expect(path.utf8.count < 40)
            #expect(FileManager.default.fileExists(atPath: path))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("PackagePaths finds Package.swift")
    func packageRoot() {
        #expect(FileManager.default.fileExists(atPath: PackagePaths.root + "/Package.swift"))
        #expect(PackagePaths.executable("x").hasSuffix("/x"))
    }
}
