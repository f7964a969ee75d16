import Foundation
import Testing
import TestSupport

/// What a handler receives and what the client gets back, end to end through libfcgi.
@Suite("Requests over FastCGI")
struct RequestHandlingTests {
    @Test("method, path, query, headers, params and body reach the handler")
    func echo() throws {
        let server = try HelloServer.listening()
        let reply = try server.request(
            method: "POST", path: "/echo", query: "status=pending&name=a+b%2Fc&flag",
            body: Array("{\"k\":1}".utf8),
            params: ["CONTENT_TYPE": "application/json", "HTTP_IDEMPOTENCY_KEY": "key-1",
                     "TASKMGR_ROLE": "service_role"])
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "application/json")
        let echo = try reply.json()
        #expect(echo["method"] as? String == "POST")
        #expect(echo["path"] as? String == "/echo")
        #expect(echo["query"] as? String == "status=pending&name=a+b%2Fc&flag")
        let items = try #require(echo["query_items"] as? [[String: String]])
        #expect(items.map { $0["name"] ?? "" } == ["status", "name", "flag"])
        #expect(items.map { $0["value"] ?? "" } == ["pending", "a b/c", ""])
        #expect(echo["body"] as? String == "{\"k\":1}")
        #expect(echo["content_type"] as? String == "application/json")
        let params = try #require(echo["params"] as? [String: String])
        #expect(params["HTTP_IDEMPOTENCY_KEY"] == "key-1")
        #expect(params["TASKMGR_ROLE"] == "service_role")
    }

    @Test("a body over --max-body-bytes gets 413 problem+json")
    func tooLarge() throws {
        let server = try HelloServer.listening(["--max-body-bytes", "16"])
        let reply = try server.request(method: "POST", path: "/echo", body: [UInt8](repeating: 120, count: 17))
        #expect(reply.status == 413)
        #expect(reply.headers.first?.1 == "413 Content Too Large")
        #expect(reply.header("Content-Type") == "application/problem+json")
        let problem = try reply.json()
        #expect(problem["title"] as? String == "Content Too Large")
        #expect(problem["status"] as? Int == 413)
        // A body of exactly the limit passes.
        let fits = try server.request(method: "POST", path: "/echo", body: [UInt8](repeating: 120, count: 16))
        #expect(fits.status == 200)
        #expect(try fits.json()["body_bytes"] as? Int == 16)
    }

    @Test("a body shorter than CONTENT_LENGTH gets 400 problem+json")
    func shortBody() throws {
        let server = try HelloServer.listening()
        let reply = try server.request(method: "POST", path: "/echo", body: Array("abc".utf8), contentLength: "10")
        #expect(reply.status == 400)
        #expect(try reply.json()["detail"] as? String == "The request body ended after 3 of 10 bytes.")
    }

    @Test("a large body (512 KiB) arrives whole")
    func largeBody() throws {
        let server = try HelloServer.listening()
        let body = (0..<(512 * 1024)).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let reply = try server.request(method: "POST", path: "/echo", body: body)
        #expect(try reply.json()["body_bytes"] as? Int == body.count)
        #expect(try reply.json()["body"] as? String == String(decoding: body, as: UTF8.self))
    }

    @Test("workers serve requests concurrently")
    func concurrentWorkers() throws {
        let server = try HelloServer.listening(["--workers", "4"])
        let started = Date()
        let replies = try concurrently(4) { _ in try server.request(path: "/sleep", query: "seconds=1") }
        let elapsed = Date().timeIntervalSince(started)
        #expect(replies.allSatisfy { $0.text == "slept 1\n" })
        #expect(elapsed < 3.5, "4 one-second requests on 4 workers took \(elapsed) s")
    }

    /// Runs `body` on `count` threads at once and returns the results in order.
    private func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let results = ResultBox<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.set(index, Result { try body(index) })
        }
        return try results.values()
    }
}

/// Collects results from concurrent threads.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<T, Error>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<T, Error>) {
        lock.lock(); results[index] = result; lock.unlock()
    }
    func values() throws -> [T] {
        lock.lock(); defer { lock.unlock() }
        return try results.map { try $0!.get() }
    }
}
