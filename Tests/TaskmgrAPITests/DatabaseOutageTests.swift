import Foundation
import Testing
import TestSupport

/// The routes survive their database going away: 503 problem with Retry-After while it is
/// down, and the next request after it is back succeeds — without restarting anything.
/// The suite runs its own PostgreSQL cluster, so stopping it disturbs no other test.
@Suite(.serialized) struct DatabaseOutageTests {
    @Test func answers503WhileTheDatabaseIsDownAndRecoversAfter() throws {
        let directory = try TempDirectory(prefix: "tmpg")
        chmod(directory.path, 0o755)
        let clusterDirectory = directory.file("pg")
        let cluster = PackagePaths.root + "/.ci/pg-cluster"
        let started = try ProcessRunner.run(cluster, arguments: ["start", clusterDirectory], timeout: 60)
        try #require(started.succeeded, "pg-cluster start: \(started.standardErrorText)")
        defer { _ = try? ProcessRunner.run(cluster, arguments: ["stop", clusterDirectory], timeout: 60) }
        var database: [String: String?] = ["DATABASE_URL": nil, "PGUSER": "postgres", "PGDATABASE": "taskmgr"]
        for line in started.standardOutputText.split(separator: "\n") where line.hasPrefix("export ") {
            for assignment in line.dropFirst("export ".count).split(separator: " ") {
                let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { database[parts[0]] = parts[1] }
            }
        }
        let port = try #require(database["PGPORT"] ?? nil)
        let migrate = try ProcessRunner.run(try PackagePaths.requireExecutable("taskctl"), arguments: ["migrate", "--sql-dir", PackagePaths.root + "/sql"],
                                            environment: ProcessRunner.environment(adding: database), timeout: 60)
        try #require(migrate.succeeded, "migrate: \(migrate.standardErrorText)")

        let routeEnvironment = database.compactMapValues { $0 }.filter { $0.key != "PGUSER" }
        let stack = try TestStack.start(routes: ["create-task", "task-status"], environment: routeEnvironment)
        defer { stack.stop() }
        let token = stack.serviceToken
        let created = try stack.request(method: "POST", path: "/create-task", token: token, body: "{}")
        #expect(created.status == 201)
        let id = try #require(created.string("task_id"))

        let stopped = try ProcessRunner.run(cluster, arguments: ["stop", clusterDirectory], timeout: 60)
        try #require(stopped.succeeded)
        for _ in 0..<3 {
            let status = try stack.request(path: "/task-status/\(id)", token: token)
            expectProblem(status, status: 503)
            #expect(status.header("Retry-After") != nil)
            let create = try stack.request(method: "POST", path: "/create-task", token: token, body: "{}")
            expectProblem(create, status: 503)
        }

        let restarted = try ProcessRunner.run(cluster, arguments: ["start", clusterDirectory, port], timeout: 60)
        try #require(restarted.succeeded, "restart: \(restarted.standardErrorText)")
        // Every worker's first request after the restart must succeed, so send more
        // requests than there are workers.
        for _ in 0..<8 {
            #expect(try stack.request(path: "/task-status/\(id)", token: token).status == 200)
            #expect(try stack.request(method: "POST", path: "/create-task", token: token, body: "{}").status == 201)
        }
    }
}
