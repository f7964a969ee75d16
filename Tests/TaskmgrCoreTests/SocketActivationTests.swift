import Foundation
import Postgres
import Testing
import TestSupport

/// Socket activation for real: the shipped nginx configuration in front, the real
/// `taskmgr-task-status` route behind, started by `systemd-socket-activate` on its
/// socket the way `taskmgr-route@.socket` starts it (see `ActivationSocket`).
@Suite(.serialized) struct SocketActivationTests {
    /// The first request starts the route; it exits when idle; the next request starts it
    /// again; a request arriving while no route runs waits and is answered.
    @Test func firstRequestStartsTheRouteIdleExitsAndNextRequestRestartsIt() throws {
        let stack = try ActivatedStack(routeArguments: ["--idle-timeout", "1"])
        defer { stack.stop() }

        let waiting = try stack.socket.activate()
        usleep(300_000)
        #expect(stack.socket.routeStarts == 0, "nothing runs before the first connection")

        try stack.expectTaskStatus()
        #expect(stack.socket.routeStarts == 1)
        let firstExit = waiting.waitForExit(timeout: 15)
        #expect(firstExit?.exitCode == 0, "the idle route exits cleanly: \(stack.socket.log)")
        #expect(firstExit?.standardErrorText.contains("reason=idle") == true)

        // Nothing runs now. A request arrives: it must wait in the socket's backlog…
        let pending = stack.requestInBackground()
        usleep(700_000)
        #expect(pending.result == nil, "no route runs, so no answer yet")
        // …until the socket activates the route again.
        let second = try stack.socket.activate()
        #expect(pending.wait(timeout: 15) == 200, "the queued request is answered, not lost: \(stack.socket.log)")
        #expect(stack.socket.routeStarts == 2)
        #expect(second.waitForExit(timeout: 15)?.exitCode == 0)
    }

    /// Requests keep coming while the route exits every 3 requests and is re-activated:
    /// every one of them is answered.
    @Test func noRequestIsLostAcrossManyRestarts() throws {
        let stack = try ActivatedStack(routeArguments: ["--idle-timeout", "1", "--max-requests", "3", "--workers", "1"])
        defer { stack.stop() }
        stack.socket.startLoop()

        let clients = 4
        let requestsPerClient = 12
        let statuses = StatusList()
        let client = stack.client
        DispatchQueue.concurrentPerform(iterations: clients) { _ in
            for _ in 0..<requestsPerClient {
                statuses.append((try? client.send().status) ?? -1)
            }
        }
        let all = statuses.values
        #expect(all.count == clients * requestsPerClient)
        #expect(all.allSatisfy { $0 == 200 }, "statuses: \(all.sorted()) log: \(stack.socket.log.suffix(2_000))")
        #expect(stack.socket.routeStarts >= (clients * requestsPerClient) / 3,
                "the route restarted \(stack.socket.routeStarts) times")
    }
}

/// nginx with the shipped configuration, a token map, one task in the database, and
/// the task-status socket held by an `ActivationSocket`.
private struct ActivatedStack {
    let directory: TempDirectory
    let socket: ActivationSocket
    let nginx: NginxServer
    let tokens = TestTokens()
    let taskID: String
    let admin: PostgresConnection

    init(routeArguments: [String]) throws {
        admin = try TestDatabase.connect()
        taskID = TestDatabase.uniqueName("activation")
        _ = try admin.query("INSERT INTO task_manager (task_id, status, task_type) VALUES (\(taskID), 'pending', \(taskID))")

        directory = try TempDirectory(prefix: "tm-activation", mode: 0o755)
        let socketDirectory = directory.path + "/run"
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        let environment = ProcessInfo.processInfo.environment
        var routeEnvironment = ["PGUSER": "taskmgr_api"]
        for name in ["PGHOST", "PGPORT", "PGDATABASE"] { routeEnvironment[name] = environment[name] }
        socket = try ActivationSocket(
            path: socketDirectory + "/task-status.sock",
            executable: try PackagePaths.requireExecutable("taskmgr-task-status"),
            arguments: routeArguments, environment: routeEnvironment)
        let tokenMap = try directory.write("tokens.map", tokens.mapFile)
        try FileManager.default.createDirectory(atPath: directory.path + "/nginx", withIntermediateDirectories: true)
        nginx = try NginxServer.start(
            directory: directory.path + "/nginx",
            options: NginxServer.Options(relaxedLimits: true, socketDirectory: socketDirectory, tokenMap: tokenMap))
    }

    var client: TaskStatusClient {
        TaskStatusClient(url: nginx.httpsURL + "/task-status/" + taskID, token: tokens.service, caFile: nginx.certificatePath)
    }

    func taskStatusRequest() throws -> HTTPTestResponse { try client.send() }

    func expectTaskStatus(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let response = try taskStatusRequest()
        #expect(response.status == 200, "\(response.text) \(socket.log)", sourceLocation: sourceLocation)
        #expect(response.text.contains(taskID), sourceLocation: sourceLocation)
    }

    /// Sends the request on another thread; `result` is its status once answered.
    func requestInBackground() -> PendingRequest {
        let pending = PendingRequest()
        let client = client
        Thread.detachNewThread { pending.finish((try? client.send().status) ?? -1) }
        return pending
    }

    func stop() {
        socket.stop()
        nginx.stop()
        _ = try? admin.query("DELETE FROM task_manager WHERE task_id = \(taskID)")
    }
}

/// GET /task-status/{id} through nginx with the service token.
private struct TaskStatusClient: Sendable {
    let url: String
    let token: String
    let caFile: String

    func send() throws -> HTTPTestResponse {
        try CurlRequest.send(url: url, headers: [("Authorization", "Bearer " + token)], caFile: caFile, timeout: 20)
    }
}

private final class PendingRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var status: Int?
    private let done = DispatchSemaphore(value: 0)

    var result: Int? { lock.withLock { status } }

    func finish(_ status: Int) {
        lock.withLock { self.status = status }
        done.signal()
    }

    func wait(timeout: Double) -> Int? {
        _ = done.wait(timeout: .now() + timeout)
        return result
    }
}

private final class StatusList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func append(_ status: Int) { lock.withLock { list.append(status) } }
    var values: [Int] { lock.withLock { list } }
}
