import Foundation
import Testing
import TestSupport

/// Hostile and broken input through nginx: always a 4xx problem, never a 5xx, and nothing
/// written. The suite has a database of its own so the row count means something.
@Suite(.serialized) struct MalformedInputTests {
    let fixture: APIFixture
    init() throws { fixture = try SharedFixtures.malformedInput.get() }

    static let bodies: [(String, [UInt8])] = [
        ("truncated", Array(#"{"task_type": "x""#.utf8)),
        ("null", Array("null".utf8)),
        ("array", Array("[]".utf8)),
        ("array of objects", Array(#"[{"task_type":"x"}]"#.utf8)),
        ("deeply nested arrays", Array((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)),
        ("deeply nested metadata", Array((#"{"metadata":"# + String(repeating: #"{"a":"#, count: 100) + "1" + String(repeating: "}", count: 101)).utf8)),
        ("duplicate keys", Array(#"{"task_type":"a","task_type":"b"}"#.utf8)),
        ("1e309", Array(#"{"max_attempts":1e309}"#.utf8)),
        ("huge integer", Array(#"{"max_attempts":100000000000000000000000}"#.utf8)),
        ("float attempts", Array(#"{"max_attempts":2.5}"#.utf8)),
        ("invalid UTF-8", [0x7B, 0x22, 0x74, 0x61, 0x73, 0x6B, 0x5F, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]),
        ("\\u0000", Array(#"{"task_type":"a\u0000b"}"#.utf8)),
        ("raw NUL", Array("{\"task_type\":\"a\0b\"}".utf8)),
        ("oversized task_type", Array(#"{"task_type":"\#(String(repeating: "x", count: 51))"}"#.utf8)),
        ("oversized external_id", Array(#"{"external_id":"\#(String(repeating: "x", count: 256))"}"#.utf8)),
        ("oversized metadata", Array(#"{"metadata":{"blob":"\#(String(repeating: "x", count: 20_000))"}}"#.utf8)),
        ("SQL in a field type", Array(#"{"max_attempts":"1; DROP TABLE task_manager"}"#.utf8)),
        ("empty", []),
        ("trailing garbage", Array(#"{"task_type":"x"} trailing"#.utf8)),
        ("BOM", [0xEF, 0xBB, 0xBF] + Array("{}".utf8)),
        ("lone surrogate", Array(#"{"task_type":"\ud800"}"#.utf8)),
        ("wrong types", Array(#"{"task_type":1,"metadata":"x","user_id":5,"poll_method":null,"poll_url":["x"]}"#.utf8)),
    ]

    static let taskIDs = [
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc", "1'%20OR%20'1'%3D'1", "x%27%3B%20DROP%20TABLE%20task_manager%3B--",
        String(repeating: "9", count: 60), "%00", "a%0Ab", "%C3%28", "task%20id", "%2F", "..",
    ]

    func rowCount() throws -> String? { try fixture.scalar("SELECT count(*) FROM task_manager") }

    @Test func badBodiesAre4xxProblemsAndWriteNothing() throws {
        let before = try rowCount()
        for (name, body) in Self.bodies {
            let response = try fixture.stack.request(method: "POST", path: "/create-task", token: fixture.stack.serviceToken, bodyBytes: body)
            #expect((400..<500).contains(response.status), "\(name): \(response.status) \(response.text)")
            #expect(response.header("Content-Type") == "application/problem+json", "\(name)")
        }
        #expect(try rowCount() == before)
    }

    @Test func hostileTaskIDsAre4xxOnEveryRoute() throws {
        let id = try fixture.createTask()
        let before = try rowCount()
        let snapshot = try fixture.scalar("SELECT md5(string_agg(t::text, ',' ORDER BY task_id)) FROM task_manager t")
        for taskID in Self.taskIDs {
            for (method, route, body) in [("GET", "task-status", nil), ("GET", "task-events", nil),
                                          ("POST", "update-task", #"{"status":"failed"}"#), ("POST", "retry-task", nil),
                                          ("POST", "cancel-task", nil)] as [(String, String, String?)] {
                let response = try fixture.stack.request(method: method, path: "/\(route)/\(taskID)", token: fixture.stack.serviceToken, body: body)
                #expect((400..<500).contains(response.status), "\(route)/\(taskID): \(response.status) \(response.text)")
            }
        }
        #expect(try rowCount() == before)
        #expect(try fixture.scalar("SELECT md5(string_agg(t::text, ',' ORDER BY task_id)) FROM task_manager t") == snapshot)
        #expect(try fixture.scalar("SELECT status FROM task_manager WHERE task_id = \(id)") == "pending")
    }

    @Test func badQueryStringsAre400() throws {
        for query in ["status=%27%20OR%201%3D1--", "user_id=%00", "limit=-1", "limit=1e3", "cursor=%FF%FE", "created_after=2026-13-45T99:99:99Z"] {
            let response = try fixture.stack.request(path: "/tasks?\(query)", token: fixture.stack.serviceToken)
            #expect(response.status == 400, "\(query): \(response.status) \(response.text)")
        }
    }
}
