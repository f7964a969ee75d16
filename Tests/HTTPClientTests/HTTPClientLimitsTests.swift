import Foundation
import Testing
import HTTPClient
import TaskmgrCore
import TestSupport

@Suite("HTTPClient limits")
struct HTTPClientLimitsTests {
    @Test("a hanging server ends in .timeout within the total timeout plus slack")
    func hangingServerTimesOut() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/hang", .hang)
        server.route("/ok", .text("ok"))
        var options = loopbackOptions()
        options.totalTimeout = 1.0
        let started = Date()
        let results = run([HTTPRequest(url: server.url("/hang")), HTTPRequest(url: server.url("/ok"))], options: options)
        let elapsed = Date().timeIntervalSince(started)
        #expect(results[0].failure == .timeout)
        #expect(results[1].response?.status == 200)
        #expect(elapsed >= 0.9 && elapsed < 6.0, "took \(elapsed) s")
    }

    @Test("a closed port fails with .connect and a message")
    func closedPort() throws {
        let server = try MockHTTPServer()
        let port = server.port
        server.stop()
        let result = get("http://127.0.0.1:\(port)/", options: loopbackOptions())
        guard case .connect(let message)? = result.failure else {
            Issue.record("expected a connection failure, got \(result)")
            return
        }
        #expect(!message.isEmpty)
    }

    @Test("never more than maxConcurrent requests at once")
    func concurrencyLimit() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/slow", .text("ok", delay: 0.4))
        var options = loopbackOptions()
        options.maxConcurrent = 4
        options.maxPerHost = 100
        let results = run(Array(repeating: HTTPRequest(url: server.url("/slow")), count: 12), options: options)
        #expect(results.allSatisfy { $0.response?.status == 200 })
        #expect(server.maxConcurrentRequests <= 4)
        #expect(server.maxConcurrentRequests >= 3, "the limit should be used, saw \(server.maxConcurrentRequests)")
        #expect(server.connectionCount <= 4)
    }

    @Test("never more than maxPerHost requests to one host, while other hosts proceed")
    func perHostLimit() throws {
        let first = try MockHTTPServer()
        let second = try MockHTTPServer()
        defer { first.stop(); second.stop() }
        first.route("/slow", .text("one", delay: 0.2))
        second.route("/slow", .text("two", delay: 0.2))
        var options = loopbackOptions()
        options.maxConcurrent = 6
        options.maxPerHost = 2
        let requests = (0..<8).flatMap { _ in [HTTPRequest(url: first.url("/slow")), HTTPRequest(url: second.url("/slow"))] }
        let started = Date()
        let results = run(requests, options: options)
        let elapsed = Date().timeIntervalSince(started)
        #expect(results.allSatisfy { $0.response?.status == 200 })
        #expect((1...2).contains(first.maxConcurrentRequests), "saw \(first.maxConcurrentRequests)")
        #expect((1...2).contains(second.maxConcurrentRequests), "saw \(second.maxConcurrentRequests)")
        // 8 requests per host, 2 at a time, 0.2 s each: about 0.8 s, never the 0.4 s of 4 at a time.
        #expect(elapsed >= 0.75, "took \(elapsed) s")
    }

    @Test("bodies over maxResponseBytes fail with .responseTooLarge, with or without Content-Length")
    func responseSizeLimit() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/fits", MockHTTPServer.Response(body: Array(repeating: 65, count: 1000)))
        server.route("/big", MockHTTPServer.Response(body: Array(repeating: 65, count: 5000)))
        server.route("/stream", MockHTTPServer.Response(body: Array(repeating: 65, count: 300_000), omitContentLength: true))
        var options = loopbackOptions()
        options.maxResponseBytes = 1000
        let results = run([HTTPRequest(url: server.url("/fits")), HTTPRequest(url: server.url("/big")), HTTPRequest(url: server.url("/stream"))], options: options)
        #expect(results[0].response?.body.count == 1000)
        #expect(results[1].failure == .responseTooLarge)
        #expect(results[2].failure == .responseTooLarge)
    }

    @Test("2,000 requests through 32 at a time all arrive, over reused connections")
    func manyRequests() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/status", .json(#"{"status":"running"}"#))
        var options = loopbackOptions()
        options.maxConcurrent = 32
        options.maxPerHost = 32
        let requests = (0..<2000).map { HTTPRequest(url: server.url("/status?job=\($0)")) }
        let results = run(requests, options: options)
        #expect(results.filter { $0.response?.status == 200 }.count == 2000)
        #expect(server.requestCount == 2000)
        #expect(Set(server.requests.map(\.target)).count == 2000)
        #expect(server.connectionCount <= 64, "connections were not reused: \(server.connectionCount)")
    }

    @Test("hundreds of concurrent connections are served at once")
    func hundredsAtOnce() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/slow", .text("ok", delay: 0.5))
        var options = loopbackOptions()
        options.maxConcurrent = 300
        options.maxPerHost = 300
        options.totalTimeout = 30
        let results = run(Array(repeating: HTTPRequest(url: server.url("/slow")), count: 600), options: options)
        #expect(results.filter { $0.response?.status == 200 }.count == 600)
        #expect(server.maxConcurrentRequests <= 300)
        #expect(server.maxConcurrentRequests >= 150, "saw only \(server.maxConcurrentRequests) at once")
    }
}
