import Foundation
import Testing
import TestSupport

/// update-task (the callback), retry-task and cancel-task: the state machine, the RLS
/// refusals, status history and alerts.
@Suite struct TaskTransitionTests {
    let fixture: APIFixture
    init() throws { fixture = try SharedFixtures.routes.get() }

    @Test func callbackMovesATaskAndTerminalStatesAreFinal() throws {
        let id = try fixture.createTask()
        #expect(try fixture.update(id, #"{"status":"in_progress"}"#).status == 200)
        let done = try fixture.update(id, #"{"status":"completed","result":{"rows":3}}"#)
        #expect(done.status == 200)
        #expect(done.string("status") == "completed")
        let repeated = try fixture.update(id, #"{"status":"completed","result":{"rows":3}}"#)
        #expect(repeated.status == 200)
        expectProblem(try fixture.update(id, #"{"status":"in_progress"}"#), status: 409)
        expectProblem(try fixture.update(id, #"{"status":"failed"}"#), status: 409)
        expectProblem(try fixture.update(id, #"{"metadata":{"late":true}}"#), status: 409)
        let history = try fixture.sql("SELECT new_status, actor FROM task_status_history WHERE task_id = \(id) ORDER BY id").rows
        #expect(history.map { $0[0].string } == ["pending", "in_progress", "completed"])
        #expect(history.last?[1].string == "api:test-service")
    }

    @Test func aFailureReportedByCallbackAlertsExactlyOnce() throws {
        let id = try fixture.createTask()
        let failed = try fixture.update(id, #"{"status":"failed","error":"API rate limit exceeded"}"#)
        #expect(failed.status == 200)
        #expect(failed.string("error_message") == "API rate limit exceeded")
        #expect(failed.string("failure_reason") == "external_failure")
        #expect(try fixture.update(id, #"{"status":"failed"}"#).status == 200)
        #expect(try fixture.count("task_alerts", taskID: id) == 1)
    }

    @Test func anAuthenticatedTokenIsRefusedByTheDatabase() throws {
        let id = try fixture.createTask()
        let token = fixture.stack.authenticatedToken
        expectProblem(try fixture.update(id, #"{"status":"completed"}"#, token: token), status: 403)
        expectProblem(try fixture.stack.request(method: "POST", path: "/retry-task/\(id)", token: token), status: 403)
        expectProblem(try fixture.stack.request(method: "POST", path: "/cancel-task/\(id)", token: token), status: 403)
        #expect(try fixture.scalar("SELECT status FROM task_manager WHERE task_id = \(id)") == "pending")
    }

    @Test func cancelThenRetryResetsTheTask() throws {
        let id = try fixture.createTask(#"{"max_attempts":3}"#)
        _ = try fixture.sql("UPDATE task_manager SET attempt_count = 2, consecutive_errors = 2, error_message = 'boom' WHERE task_id = \(id)")
        let cancelled = try fixture.stack.request(method: "POST", path: "/cancel-task/\(id)", token: fixture.stack.serviceToken,
                                                  body: #"{"reason":"no longer needed"}"#)
        #expect(cancelled.status == 200)
        #expect(cancelled.string("status") == "cancelled")
        #expect(cancelled.string("error_message") == "no longer needed")
        expectProblem(try fixture.stack.request(method: "POST", path: "/cancel-task/\(id)", token: fixture.stack.serviceToken), status: 409)
        let retried = try fixture.stack.request(method: "POST", path: "/webhook/retry-task/\(id)", token: fixture.stack.serviceToken)
        #expect(retried.status == 200)
        #expect(retried.string("status") == "pending")
        #expect(retried.int("attempt_count") == 0)
        #expect(retried.int("retry_count") == 1)
        #expect(retried.jsonObject?["error_message"] is NSNull)
        expectProblem(try fixture.stack.request(method: "POST", path: "/retry-task/\(id)", token: fixture.stack.serviceToken), status: 409)
        let deadline = try fixture.scalar("SELECT deadline_at > now() + interval '119 minutes' FROM task_manager WHERE task_id = \(id)")
        #expect(deadline == "t")
    }

    @Test func retryAfterAFailureAlertsAgainOnTheNextFailure() throws {
        let id = try fixture.createTask()
        #expect(try fixture.update(id, #"{"status":"failed"}"#).status == 200)
        #expect(try fixture.stack.request(method: "POST", path: "/retry-task/\(id)", token: fixture.stack.serviceToken).status == 200)
        #expect(try fixture.update(id, #"{"status":"failed"}"#).status == 200)
        #expect(try fixture.count("task_alerts", taskID: id) == 2)
    }

    @Test func unknownTasksAre404AndBadIDs400() throws {
        expectProblem(try fixture.update("no-such-task", #"{"status":"completed"}"#), status: 404)
        expectProblem(try fixture.stack.request(method: "POST", path: "/retry-task/no-such-task", token: fixture.stack.serviceToken), status: 404)
        expectProblem(try fixture.stack.request(method: "POST", path: "/cancel-task/no-such-task", token: fixture.stack.serviceToken), status: 404)
        let tooLong = String(repeating: "a", count: 51)
        expectProblem(try fixture.stack.request(path: "/task-status/\(tooLong)", token: fixture.stack.serviceToken), status: 400)
    }

    @Test func eventsListTheHistoryOldestFirst() throws {
        let id = try fixture.createTask()
        _ = try fixture.update(id, #"{"status":"in_progress"}"#)
        _ = try fixture.update(id, #"{"status":"failed","error_message":"gpu lost"}"#)
        let response = try fixture.stack.request(path: "/task-events/\(id)", token: fixture.stack.authenticatedToken)
        #expect(response.status == 200)
        let events = try #require(response.jsonObject?["events"] as? [[String: Any]])
        #expect(events.map { $0["new_status"] as? String } == ["pending", "in_progress", "failed"])
        #expect(events.last?["error_message"] as? String == "gpu lost")
        #expect(events.last?["reason"] as? String == "external_failure")
        expectProblem(try fixture.stack.request(path: "/task-events/nope", token: fixture.stack.serviceToken), status: 404)
    }
}
