import Foundation
import Testing
@testable import HTTPClient
import TaskmgrCore
import TestSupport

/// The client keeps its easy handles and header lists between requests; nothing of one
/// request may reach the next one that gets the same handle (one slot: every request
/// below runs on the same handle, in order).
@Suite("HTTPClient handle and header-list reuse")
struct HandleReuseTests {
    @Test("method, body, headers and answer of one request never reach the next on the same handle")
    func nothingLeaksBetweenRequests() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/first", .text("first body", headers: [("X-First", "1")]))
        server.route("/plain", .text("plain"))
        var options = loopbackOptions()
        options.maxConcurrent = 1
        let client = HTTPClient(options: options)
        let results = run([
            HTTPRequest(url: server.url("/first"), method: "PUT", headers: [("Authorization", "Bearer s3cret")], body: Array("put".utf8)),
            HTTPRequest(url: server.url("/plain")),
            HTTPRequest(url: server.url("/first"), method: "HEAD"),
            HTTPRequest(url: server.url("/plain")),
            HTTPRequest(url: server.url("/first"), method: "POST", body: Array("{}".utf8)),
            HTTPRequest(url: server.url("/plain"), headers: [("Accept", "application/json")]),
        ], client: client)

        let received = server.requests
        #expect(received.map(\.method) == ["PUT", "GET", "HEAD", "GET", "POST", "GET"])
        #expect(received.map(\.bodyText) == ["put", "", "", "", "{}", ""])
        #expect(received[0].header("authorization") == "Bearer s3cret")
        #expect(received.dropFirst().allSatisfy { $0.header("authorization") == nil })
        #expect(received[5].header("accept") == "application/json")
        #expect(received[3].header("accept") == "*/*" || received[3].header("accept") == nil)
        #expect(received.allSatisfy { $0.header("expect") == nil && $0.header("user-agent") == "taskmgr-monitor" })

        #expect(String(decoding: results[1].response?.body ?? [], as: UTF8.self) == "plain")
        #expect(results[1].response?.header("x-first") == nil)
        #expect(results[2].response?.body.isEmpty == true)
        #expect(String(decoding: results[3].response?.body ?? [], as: UTF8.self) == "plain")
        #expect(server.connectionCount == 1)
    }

    @Test("a failed request's error does not stick to the next request on its handle")
    func failureDoesNotStick() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/big", .text(String(repeating: "x", count: 4096)))
        server.route("/ok", .text("ok"))
        var options = loopbackOptions()
        options.maxConcurrent = 1
        options.maxResponseBytes = 1024
        let results = run([HTTPRequest(url: server.url("/big")), HTTPRequest(url: server.url("/ok"))], options: options)
        #expect(results[0].failure == .responseTooLarge)
        #expect(results[1].response?.status == 200)
    }

    @Test("the pool keeps at most one handle per concurrent slot")
    func poolIsBounded() {
        let pool = CurlEasyPool(capacity: 2)
        let handles = [pool.take(), pool.take(), pool.take()]
        #expect(Set(handles.map { ObjectIdentifier($0) }).count == 3)
        handles.forEach(pool.give)
        let again = [pool.take(), pool.take(), pool.take()].map { ObjectIdentifier($0) }
        #expect(again.filter { id in handles.contains { ObjectIdentifier($0) == id } }.count == 2)
    }

    @Test("header lines: status lines reset, names lowercased, values trimmed, other lines ignored")
    func headerLines() {
        func parse(_ line: String) -> ResponseHeaderLine {
            Array(line.utf8).withUnsafeBytes { ResponseHeaderLine.parse($0) }
        }
        #expect(parse("HTTP/1.1 200 OK\r\n") == .statusLine)
        #expect(parse("Retry-After:  7 \t\r\n") == .field(name: "retry-after", value: "7"))
        #expect(parse("X-Empty:\r\n") == .field(name: "x-empty", value: ""))
        #expect(parse("Location: http://a/b?c=d:e\n") == .field(name: "location", value: "http://a/b?c=d:e"))
        #expect(parse("X-Ünï: Ä\r\n") == .field(name: "x-ünï", value: "Ä"))
        #expect(parse("\r\n") == .other)
        #expect(parse("no colon here\r\n") == .other)
    }
}
