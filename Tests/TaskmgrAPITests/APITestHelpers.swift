import Foundation
import Testing
import TestSupport

extension APIFixture {
    /// Creates a task as `token` (default: the service token) and returns its id.
    func createTask(_ body: String = "{}", token: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let response = try stack.request(method: "POST", path: "/create-task", token: token ?? stack.serviceToken, body: body)
        #expect(response.status == 201, "create-task: \(response.text)", sourceLocation: sourceLocation)
        return try #require(response.string("task_id"), sourceLocation: sourceLocation)
    }

    /// Sends a callback update with the service token.
    func update(_ taskID: String, _ body: String, token: String? = nil) throws -> HTTPTestResponse {
        try stack.request(method: "POST", path: "/update-task/\(taskID)", token: token ?? stack.serviceToken, body: body)
    }

    /// A task type nobody else uses, to keep one test's rows apart from another's.
    func uniqueType() -> String { TestDatabase.uniqueName("type") }

    func count(_ table: String, taskID: String) throws -> Int {
        Int(try scalar("SELECT count(*) FROM \(identifier: table) WHERE task_id = \(taskID)") ?? "") ?? -1
    }
}

/// Checks the RFC 9457 shape every error answers with.
func expectProblem(_ response: HTTPTestResponse, status: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.status == status, "expected \(status), got \(response.status): \(response.text)", sourceLocation: sourceLocation)
    #expect(response.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
    let body = response.jsonObject
    #expect(body?["status"] as? Int == status, sourceLocation: sourceLocation)
    #expect(body?["title"] is String, sourceLocation: sourceLocation)
    #expect(body?["type"] is String, sourceLocation: sourceLocation)
    #expect(body?["detail"] is String, sourceLocation: sourceLocation)
}
