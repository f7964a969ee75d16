import Foundation
import Testing
import TestSupport

@Suite struct ListTasksTests {
    let fixture: APIFixture
    init() throws { fixture = try SharedFixtures.routes.get() }

    func page(_ query: String, token: String? = nil) throws -> (ids: [String], next: String?) {
        let response = try fixture.stack.request(path: "/tasks?\(query)", token: token ?? fixture.stack.authenticatedToken)
        #expect(response.status == 200, "\(response.text)")
        let tasks = (response.jsonObject?["tasks"] as? [[String: Any]]) ?? []
        return (tasks.compactMap { $0["task_id"] as? String }, response.jsonObject?["next_cursor"] as? String)
    }

    @Test func pagesNewestFirstWithoutGapsOrRepeats() throws {
        let type = fixture.uniqueType()
        var created: [String] = []
        for _ in 0..<7 { created.append(try fixture.createTask(#"{"task_type":"\#(type)"}"#)) }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let query = "task_type=\(type)&limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
            let result = try page(query)
            seen += result.ids
            cursor = result.next
        } while cursor != nil
        #expect(seen == created.reversed())
    }

    @Test func filtersByStatusUserAndCreationTime() throws {
        let type = fixture.uniqueType()
        let first = try fixture.createTask(#"{"task_type":"\#(type)"}"#)
        let second = try fixture.createTask(#"{"task_type":"\#(type)"}"#, token: fixture.stack.userToken)
        _ = try fixture.update(first, #"{"status":"failed"}"#)
        #expect(try page("task_type=\(type)&status=failed").ids == [first])
        #expect(try page("task_type=\(type)&user_id=\(fixture.stack.userID.uuidString)").ids == [second])
        let future = "2999-01-01T00:00:00Z"
        #expect(try page("task_type=\(type)&created_after=\(future)").ids.isEmpty)
        #expect(try page("task_type=\(type)&created_before=\(future)").ids.count == 2)
    }

    @Test func taskIDFilterAnswersTheFullObjectOfOneTask() throws {
        let id = try fixture.createTask(#"{"external_id":"by-id","max_attempts":4}"#)
        let response = try fixture.stack.request(path: "/tasks?task_id=\(id)", token: fixture.stack.authenticatedToken)
        #expect(response.status == 200)
        let tasks = try #require(response.jsonObject?["tasks"] as? [[String: Any]])
        #expect(tasks.count == 1)
        #expect(tasks.first?["task_id"] as? String == id)
        #expect(tasks.first?["external_id"] as? String == "by-id")
        #expect(tasks.first?["max_attempts"] as? Int == 4)
        #expect(try page("task_id=no-such-task").ids.isEmpty)
        expectProblem(try fixture.stack.request(path: "/tasks?task_id=..%2F", token: fixture.stack.serviceToken), status: 400)
    }

    @Test func badParametersAre400() throws {
        for query in ["limit=0", "limit=1000", "status=done", "cursor=abc", "created_after=yesterday", "order=asc"] {
            expectProblem(try fixture.stack.request(path: "/tasks?\(query)", token: fixture.stack.serviceToken), status: 400)
        }
    }

    @Test func summaryCountsEveryStatusAndTheLastDay() throws {
        let response = try fixture.stack.request(path: "/tasks?summary=counts", token: fixture.stack.serviceToken)
        #expect(response.status == 200)
        let counts = try #require(response.jsonObject?["counts"] as? [String: Int])
        #expect(Set(counts.keys) == ["pending", "in_progress", "completed", "failed", "cancelled"])
        #expect((response.jsonObject?["created_per_hour"] as? [Any])?.count == 24)
        #expect(response.header("X-Taskmgr-Role") == "service_role")
    }

    @Test func statusAnswersTheOriginalFieldsToAnyToken() throws {
        let id = try fixture.createTask()
        for token in [fixture.stack.serviceToken, fixture.stack.authenticatedToken, fixture.stack.userToken] {
            let response = try fixture.stack.request(path: "/task-status/\(id)", token: token)
            #expect(response.status == 200)
            #expect(Set(response.jsonObject.map { Array($0.keys) } ?? []) == ["task_id", "status", "result", "error_message", "attempt_count",
                                                                   "max_attempts", "created_at", "updated_at"])
        }
        let head = try fixture.stack.request(method: "HEAD", path: "/task-status/\(id)", token: fixture.stack.serviceToken)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        expectProblem(try fixture.stack.request(method: "DELETE", path: "/task-status/\(id)", token: fixture.stack.serviceToken), status: 405)
    }
}
