import Foundation
import Testing
import TestSupport

@Suite struct CreateTaskTests {
    let fixture: APIFixture
    init() throws { fixture = try SharedFixtures.routes.get() }

    @Test func answers201WithEveryColumnAndLocation() throws {
        let userID = UUID().uuidString.lowercased()
        let response = try fixture.stack.request(method: "POST", path: "/create-task", token: fixture.stack.serviceToken, body: """
            {"external_id":"e1","poll_url":"https://jobs.example.com/s/1","poll_method":"post","task_type":"report",
             "max_attempts":3,"timeout_minutes":30,"metadata":{"owner":"ops"},"user_id":"\(userID)",
             "poll_interval_seconds":60,"status_path":"/job/state","result_path":"/job/output","poll_auth":"reports-api"}
            """)
        #expect(response.status == 201)
        let task = try #require(response.jsonObject)
        let id = try #require(task["task_id"] as? String)
        #expect(UUID(uuidString: id) != nil)
        #expect(response.header("Location") == "/task-status/\(id)")
        for column in ["task_id", "status", "external_id", "poll_url", "poll_method", "task_type", "result", "error_message",
                       "created_at", "updated_at", "attempt_count", "max_attempts", "timeout_minutes", "metadata", "user_id"] {
            #expect(task.keys.contains(column), "missing \(column)")
        }
        #expect(task["poll_method"] as? String == "POST")
        #expect(task["user_id"] as? String == userID)
        #expect(task["attempt_count"] as? Int == 0)
        #expect((task["metadata"] as? [String: Any])?["owner"] as? String == "ops")
        let created = try #require(task["created_at"] as? String)
        #expect(created.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"#, options: .regularExpression) != nil)
        #expect(try fixture.count("task_status_history", taskID: id) == 1)
    }

    @Test func unknownAndInvalidFieldsAre422NamingThem() throws {
        let response = try fixture.stack.request(method: "POST", path: "/create-task", token: fixture.stack.serviceToken,
                                                 body: #"{"task_type":"x","colour":"red","max_attempts":-1,"poll_url":"file:///etc/passwd"}"#)
        expectProblem(response, status: 422)
        let fields = Set(((response.jsonObject?["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
        #expect(fields == ["colour", "max_attempts", "poll_url"])
    }

    @Test func wrongContentTypeIs415() throws {
        let response = try fixture.stack.request(method: "POST", path: "/create-task", token: fixture.stack.serviceToken,
                                                 body: "{}", headers: ["Content-Type": "text/plain"])
        expectProblem(response, status: 415)
    }

    @Test func getIsNotAllowed() throws {
        let response = try fixture.stack.request(method: "GET", path: "/create-task", token: fixture.stack.serviceToken)
        expectProblem(response, status: 405)
        #expect(response.header("Allow")?.contains("POST") == true)
    }

    @Test func idempotencyKeyReplaysTheSameBodyAndRefusesAnother() throws {
        let key = UUID().uuidString
        let body = #"{"task_type":"idem","external_id":"same"}"#
        let first = try fixture.stack.request(method: "POST", path: "/create-task", token: fixture.stack.serviceToken,
                                              body: body, headers: ["Idempotency-Key": key])
        #expect(first.status == 201)
        let again = try fixture.stack.request(method: "POST", path: "/create-task", token: fixture.stack.serviceToken,
                                              body: "{ \"task_type\" : \"idem\", \"external_id\" : \"same\" }", headers: ["Idempotency-Key": key])
        #expect(again.status == 200)
        #expect(again.string("task_id") == first.string("task_id"))
        let other = try fixture.stack.request(method: "POST", path: "/create-task", token: fixture.stack.serviceToken,
                                              body: #"{"task_type":"idem","external_id":"different"}"#, headers: ["Idempotency-Key": key])
        expectProblem(other, status: 409)
        #expect(try fixture.scalar("SELECT count(*) FROM task_manager WHERE idempotency_key = \(key)") == "1")
    }

    @Test func anAuthenticatedTokenMayCreate() throws {
        let id = try fixture.createTask(#"{"task_type":"client"}"#, token: fixture.stack.authenticatedToken)
        #expect(try fixture.scalar("SELECT actor FROM task_status_history WHERE task_id = \(id)") == "api:test-authenticated")
    }

    @Test func aTokenWithAUserIDCreatesOnlyForThatUser() throws {
        let id = try fixture.createTask(#"{"task_type":"mine"}"#, token: fixture.stack.userToken)
        #expect(try fixture.scalar("SELECT user_id FROM task_manager WHERE task_id = \(id)") == fixture.stack.userID.uuidString.lowercased())
        let type = fixture.uniqueType()
        let other = try fixture.stack.request(method: "POST", path: "/create-task", token: fixture.stack.userToken,
                                              body: #"{"task_type":"\#(type)","user_id":"\#(UUID().uuidString)"}"#)
        expectProblem(other, status: 403)
        #expect(try fixture.scalar("SELECT count(*) FROM task_manager WHERE task_type = \(type)") == "0")
    }
}
