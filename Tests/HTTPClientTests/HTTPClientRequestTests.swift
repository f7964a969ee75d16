import Foundation
import Testing
import HTTPClient
import TaskmgrCore
import TestSupport

@Suite("HTTPClient requests and responses")
struct HTTPClientRequestTests {
    @Test("a POST arrives with its body and headers exactly as sent")
    func postArrivesAsSent() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/hook", .json(#"{"ok":true}"#, status: 201))
        let body: [UInt8] = Array(#"{"text":"job failed"}"#.utf8) + [0, 255, 10]
        let request = HTTPRequest(url: server.url("/hook?x=1"), method: "POST",
                                  headers: [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret"), ("X-Taskmgr", "1")],
                                  body: body)
        let response = try #require(run([request], options: loopbackOptions())[0].response)
        #expect(response.status == 201)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.target == "/hook?x=1")
        #expect(received.body == body)
        #expect(received.header("content-type") == "application/json")
        #expect(received.header("authorization") == "Bearer s3cret")
        #expect(received.header("x-taskmgr") == "1")
        #expect(received.header("user-agent") == "taskmgr-monitor")
        #expect(received.header("expect") == nil)
    }

    @Test("a GET sends no body; PUT and DELETE keep their method")
    func methods() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        let requests = [
            HTTPRequest(url: server.url("/a")),
            HTTPRequest(url: server.url("/b"), method: "PUT", body: Array("x".utf8)),
            HTTPRequest(url: server.url("/c"), method: "delete"),
            HTTPRequest(url: server.url("/d"), method: "POST"),
        ]
        var options = loopbackOptions()
        options.maxConcurrent = 1
        _ = run(requests, options: options)
        let byPath = Dictionary(uniqueKeysWithValues: server.requests.map { ($0.path, $0) })
        #expect(byPath["/a"]?.method == "GET" && byPath["/a"]?.body.isEmpty == true)
        #expect(byPath["/b"]?.method == "PUT" && byPath["/b"]?.bodyText == "x")
        #expect(byPath["/c"]?.method == "DELETE")
        #expect(byPath["/d"]?.method == "POST" && byPath["/d"]?.header("content-length") == "0")
    }

    @Test("a 500 passes through as a response with its body and headers")
    func serverErrorPassesThrough() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/boom", .text("upstream broke", status: 500, headers: [("Retry-After", "7"), ("X-Trace", "abc")]))
        let response = try #require(get(server.url("/boom"), options: loopbackOptions()).response)
        #expect(response.status == 500)
        #expect(String(decoding: response.body, as: UTF8.self) == "upstream broke")
        #expect(response.header("Retry-After") == "7")
        #expect(response.header("x-trace") == "abc")
        #expect(response.headers.contains { $0.name == "content-type" && $0.value == "text/plain" })
    }

    @Test("connections are reused across requests and across perform calls")
    func connectionReuse() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/s", .text("ok"))
        var options = loopbackOptions()
        options.maxConcurrent = 1
        let client = HTTPClient(options: options)
        _ = run(Array(repeating: HTTPRequest(url: server.url("/s")), count: 5), client: client)
        _ = run([HTTPRequest(url: server.url("/s"))], client: client)
        #expect(server.requestCount == 6)
        #expect(server.connectionCount == 1)
    }

    @Test("a header with a line break is refused before anything is sent")
    func headerInjectionRefused() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        let results = run([
            HTTPRequest(url: server.url("/x"), headers: [("X-Evil", "a\r\nHost: other")]),
            HTTPRequest(url: server.url("/x"), headers: [("Bad Name", "a")]),
        ], options: loopbackOptions())
        for result in results {
            guard case .other(let message)? = result.failure else {
                Issue.record("header was sent: \(result)")
                continue
            }
            #expect(message.contains("header"))
        }
        #expect(server.connectionCount == 0)
    }

    @Test("scripted sequences answer in order and the last repeats")
    func scriptedSequence() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/job", sequence: [.json(#"{"status":"running"}"#), .json(#"{"status":"done"}"#, status: 200)])
        var options = loopbackOptions()
        options.maxConcurrent = 1
        let bodies = run(Array(repeating: HTTPRequest(url: server.url("/job")), count: 3), options: options)
            .map { String(decoding: $0.response?.body ?? [], as: UTF8.self) }
        #expect(bodies == [#"{"status":"running"}"#, #"{"status":"done"}"#, #"{"status":"done"}"#])
        #expect(get(server.url("/nothing-here"), options: loopbackOptions()).response?.status == 404)
    }
}
