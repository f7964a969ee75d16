import Testing
@testable import TaskmgrCore

@Suite struct NewTaskTests {
    @Test func acceptsTheOriginalREADMEExample() throws {
        let body = try JSONValue.parse(#"{"external_id":"abc123","poll_url":"https://api.example.com/status/abc123","poll_method":"GET","task_type":"ml_training","max_attempts":5,"timeout_minutes":60}"#)
        let task = try NewTask.validate(body)
        #expect(task.externalID == "abc123")
        #expect(task.pollURL == "https://api.example.com/status/abc123")
        #expect(task.maxAttempts == 5)
        #expect(task.timeoutMinutes == 60)
    }

    @Test func appliesTheOriginalDefaults() throws {
        let task = try NewTask.validate(try JSONValue.parse("{}"))
        #expect(task.pollMethod == "GET")
        #expect(task.maxAttempts == 10)
        #expect(task.timeoutMinutes == 120)
        #expect(task.pollURL == nil)
    }

    @Test func namesEveryBadFieldAtOnce() throws {
        let body = try JSONValue.parse(#"{"poll_url":"ftp://x","poll_method":"PUT","max_attempts":0,"timeout_minutes":"60","metadata":[1],"user_id":"nope","colour":"red"}"#)
        #expect {
            try NewTask.validate(body)
        } throws: { error in
            guard let problem = error as? Problem, problem.status == 422 else { return false }
            let fields = Set(problem.errors.map(\.field))
            return fields == ["poll_url", "poll_method", "max_attempts", "timeout_minutes", "metadata", "user_id", "colour"]
        }
    }

    @Test(arguments: ["null", "[]", "[{}]", "\"text\"", "42"])
    func refusesBodiesThatAreNotObjects(_ text: String) throws {
        let body = try JSONValue.parse(text)
        #expect(throws: Problem.self) { try NewTask.validate(body) }
    }

    @Test func boundsMetadataSize() throws {
        let big = String(repeating: "x", count: NewTask.maxMetadataBytes)
        let body = JSONValue.object(JSONObject([("metadata", ["note": .string(big)])]))
        #expect(throws: Problem.self) { try NewTask.validate(body) }
    }

    @Test(arguments: ["http://127.0.0.1/x", "http://2130706433/", "http://0x7f000001/", "http://user:pw@example.com/", "javascript:alert(1)"])
    func refusesUnsafePollURLs(_ url: String) {
        let body = JSONValue.object(JSONObject([("poll_url", .string(url))]))
        #expect(throws: Problem.self) { try NewTask.validate(body) }
    }

    @Test func credentialNamesAreNamesNotPaths() {
        #expect(CredentialName.isValid("slack-bot_1.prod"))
        #expect(!CredentialName.isValid("../etc/passwd"))
        #expect(!CredentialName.isValid(".hidden"))
        #expect(!CredentialName.isValid("a/b"))
    }
}

@Suite struct TaskUpdateTests {
    @Test func acceptsTheOriginalCallbackExamples() throws {
        let completed = try TaskUpdate.validate(try JSONValue.parse(#"{"status":"completed","result":{"summary":"Job done successfully"}}"#))
        #expect(completed.status == .completed)
        #expect(completed.result?["summary"] == "Job done successfully")
        let failed = try TaskUpdate.validate(try JSONValue.parse(#"{"status":"failed","error":"API rate limit exceeded"}"#))
        #expect(failed.errorMessage == "API rate limit exceeded")
    }

    @Test func refusesUnknownStatusAndEmptyUpdates() throws {
        #expect(throws: Problem.self) { try TaskUpdate.validate(try JSONValue.parse(#"{"status":"done"}"#)) }
        #expect(throws: Problem.self) { try TaskUpdate.validate(try JSONValue.parse("{}")) }
        #expect(throws: Problem.self) { try TaskUpdate.validate(try JSONValue.parse(#"{"error":"a","error_message":"b"}"#)) }
    }
}

@Suite struct TaskListQueryTests {
    @Test func parsesFiltersAndRoundTripsTheCursor() throws {
        let cursor = TaskListCursor(createdAt: "2026-11-30 01:02:03.123456+00", taskID: "605cf85c-9513-46f0-b7bc-b51983411d4d")
        let query = try TaskListQuery.parse([
            ("status", "failed"), ("task_type", "ml"), ("limit", "10"),
            ("created_after", "2026-11-01T00:00:00Z"), ("cursor", cursor.encoded),
        ])
        #expect(query.status == .failed)
        #expect(query.limit == 10)
        #expect(query.cursor == cursor)
    }

    @Test(arguments: [("limit", "0"), ("limit", "201"), ("status", "done"), ("cursor", "garbage!"), ("created_after", "yesterday"), ("sort", "asc")])
    func refusesBadParameters(name: String, value: String) {
        #expect(throws: Problem.self) { try TaskListQuery.parse([(name, value)]) }
    }

    @Test func taskIDsAreBoundedAndPlain() {
        #expect(TaskID.isWellFormed("dd69a407-82f2"))
        #expect(!TaskID.isWellFormed(String(repeating: "a", count: 51)))
        #expect(!TaskID.isWellFormed("../../etc/passwd"))
        #expect(!TaskID.isWellFormed("1' OR '1'='1"))
        #expect(!TaskID.isWellFormed(".."))
    }
}
