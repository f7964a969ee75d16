import Foundation
import Testing
import TestSupport

/// The original n8n README's three curl examples, verbatim but for host and token, against
/// the `/webhook/` paths its clients already use.
@Suite struct SeedExamplesTests {
    let fixture: APIFixture
    init() throws { fixture = try SharedFixtures.routes.get() }

    func curl(_ arguments: [String]) throws -> HTTPTestResponse {
        let outcome = try ProcessRunner.run("curl", arguments: ["-q", "-sS", "-i", "--cacert", fixture.stack.nginx.certificatePath] + arguments, timeout: 30)
        guard outcome.succeeded else { throw TestSupportError(outcome.standardErrorText) }
        return try CurlRequest.parse(outcome.standardOutput)
    }

    @Test func theThreeCurlExamplesWorkUnchanged() throws {
        let host = fixture.stack.httpsURL
        let token = fixture.stack.serviceToken
        let created = try curl([
            "-X", "POST", "\(host)/webhook/create-task",
            "-H", "Authorization: Bearer \(token)",
            "-H", "Content-Type: application/json",
            "-d", """
            {
              "external_id": "abc123",
              "poll_url": "https://api.example.com/status/abc123",
              "poll_method": "GET",
              "task_type": "ml_training",
              "max_attempts": 5,
              "timeout_minutes": 60
            }
            """,
        ])
        #expect(created.status == 201)
        let taskID = try #require(created.string("task_id"))
        #expect(created.string("status") == "pending")
        #expect(created.string("external_id") == "abc123")
        #expect(created.header("Location") == "/task-status/\(taskID)")

        let status = try curl(["-X", "GET", "\(host)/webhook/task-status/\(taskID)", "-H", "Authorization: Bearer \(token)"])
        #expect(status.status == 200)
        #expect(status.string("task_id") == taskID)
        #expect(status.string("status") == "pending")

        let updated = try curl([
            "-X", "POST", "\(host)/webhook/update-task/\(taskID)",
            "-H", "Authorization: Bearer \(token)",
            "-H", "Content-Type: application/json",
            "-d", """
            {
              "status": "completed",
              "result": {"summary": "Job done successfully"}
            }
            """,
        ])
        #expect(updated.status == 200)
        #expect(updated.string("status") == "completed")
        #expect((updated.jsonObject?["result"] as? [String: Any])?["summary"] as? String == "Job done successfully")

        let after = try curl(["-X", "GET", "\(host)/webhook/task-status/\(taskID)", "-H", "Authorization: Bearer \(token)"])
        #expect(after.string("status") == "completed")
    }

    @Test func theShortTaskIDOfTheExampleIsAPlain404() throws {
        let response = try fixture.stack.request(path: "/webhook/task-status/dd69a407-82f2", token: fixture.stack.serviceToken)
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/problem+json")
    }
}
