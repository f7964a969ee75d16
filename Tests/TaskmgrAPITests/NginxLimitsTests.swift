import Foundation
import Testing
import TestSupport

/// What nginx refuses on its own — oversized bodies, wrong methods, unknown paths — always
/// as problem+json with HSTS, and without bothering the route.
@Suite("nginx: request limits, methods and paths")
struct NginxLimitsTests {
    static let limit = 64 * 1024

    @Test("a body of exactly 64 KiB passes; one byte more is 413 problem and never reaches FastCGI")
    func bodyLimit() throws {
        let stack = try NginxEchoStack(route: "create-task", paths: ["/create-task"])
        let authorization = "Bearer \(stack.tokens.service)"
        let fits = try stack.request(method: "POST", path: "/create-task", authorization: authorization,
                                     body: [UInt8](repeating: 0x61, count: Self.limit))
        #expect(fits.status == 200)
        #expect(stack.backend.seenRequests == ["POST /create-task \(Self.limit)"])

        let tooLarge = try stack.request(method: "POST", path: "/create-task", authorization: authorization,
                                         body: [UInt8](repeating: 0x61, count: Self.limit + 1))
        Self.expectProblem(tooLarge, status: 413, type: "payload-too-large")
        // Without Content-Length (chunked), nginx counts while reading, before FastCGI.
        let chunked = try stack.request(method: "POST", path: "/create-task", authorization: authorization,
                                        body: [UInt8](repeating: 0x61, count: Self.limit + 1),
                                        headers: [("Transfer-Encoding", "chunked")])
        Self.expectProblem(chunked, status: 413, type: "payload-too-large")
        #expect(stack.backend.seenRequests.count == 1, "\(stack.backend.seenRequests)")
    }

    @Test("a method a route doesn't take is 405 with Allow; TRACE never reaches FastCGI")
    func methods() throws {
        let stack = try NginxEchoStack(route: "task-status", paths: ["/task-status/abc"])
        let authorization = "Bearer \(stack.tokens.service)"
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
            let response = try stack.request(method: method, path: "/task-status/abc", authorization: authorization)
            Self.expectProblem(response, status: 405, type: "method-not-allowed")
            #expect(response.header("allow") == "GET, HEAD")
        }
        let trace = try stack.request(method: "TRACE", path: "/task-status/abc", authorization: authorization)
        #expect(trace.status == 405)
        #expect(trace.header("content-type") == "application/problem+json")
        #expect(stack.backend.seenRequests.isEmpty, "\(stack.backend.seenRequests)")

        let head = try stack.request(method: "HEAD", path: "/task-status/abc", authorization: authorization)
        #expect(head.status == 200)
        #expect(stack.backend.seenRequests == ["HEAD /task-status/abc 0"])
    }

    @Test("POST-only routes answer GET with 405 and Allow: POST")
    func postRoutes() throws {
        let stack = try NginxEchoStack(route: "create-task", paths: ["/create-task"])
        let authorization = "Bearer \(stack.tokens.service)"
        for path in ["/create-task", "/webhook/create-task", "/update-task/x", "/retry-task/x", "/cancel-task/x"] {
            let response = try stack.request(path: path, authorization: authorization)
            Self.expectProblem(response, status: 405, type: "method-not-allowed")
            #expect(response.header("allow") == "POST", "\(path)")
        }
        #expect(stack.backend.seenRequests.isEmpty)
    }

    @Test("unknown paths are 404 problem with HSTS, with or without a token, and never reach FastCGI")
    func unknownPaths() throws {
        let stack = try NginxEchoStack(route: "task-status", paths: ["/task-status/abc"])
        let authorization = "Bearer \(stack.tokens.service)"
        let paths = ["/", "/admin", "/index.html", "/task-status", "/task-status/", "/task-status/a/b",
                     "/webhook/", "/webhook/tasks/x", "/create-task/extra", "/_taskmgr/unauthorized",
                     "/TASK-STATUS/abc", "/task-status/abc/../../etc/passwd", "/.env"]
        for path in paths {
            for header in [authorization, nil] {
                let response = try stack.request(path: path, authorization: header)
                Self.expectProblem(response, status: 404, type: "not-found")
            }
        }
        #expect(stack.backend.seenRequests.isEmpty, "\(stack.backend.seenRequests)")
    }

    @Test("errors found while reading the request (URI above the root, long URI, huge header) are problems too")
    func malformedRequests() throws {
        let stack = try NginxEchoStack(route: "task-status", paths: ["/task-status/abc"])
        let long = String(repeating: "a", count: 9000)
        let aboveRoot = try CurlRequest.send(url: stack.nginx.httpsURL + "/../task-status/abc", caFile: stack.nginx.certificatePath,
                                             extraArguments: ["--path-as-is", "--http1.1"])
        Self.expectProblem(aboveRoot, status: 400, type: "bad-request")
        let longURI = try CurlRequest.send(url: stack.nginx.httpsURL + "/" + long, caFile: stack.nginx.certificatePath,
                                           extraArguments: ["--http1.1"])
        Self.expectProblem(longURI, status: 414, type: "uri-too-long")
        let hugeHeader = try CurlRequest.send(url: stack.nginx.httpsURL + "/task-status/abc", headers: [("X-Big", long)],
                                              caFile: stack.nginx.certificatePath, extraArguments: ["--http1.1"])
        Self.expectProblem(hugeHeader, status: 431, type: "headers-too-large")
        #expect(stack.backend.seenRequests.isEmpty)
    }

    @Test("a client that stops sending headers or body is cut off after 10 s; the route never sees it")
    func slowClients() throws {
        let stack = try NginxEchoStack(route: "create-task", paths: ["/create-task"])
        let token = stack.tokens.service
        let partialHeaders = "POST /create-task HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
        let partialBody = partialHeaders + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":"
        let started = Date()
        // -ign_eof: after sending the partial request, keep the connection open and wait.
        let clients = try [partialHeaders, partialBody].map { request in
            try ProcessRunner.start(
                "openssl",
                arguments: ["s_client", "-quiet", "-ign_eof", "-connect", "127.0.0.1:\(stack.nginx.httpsPort)",
                            "-CAfile", stack.nginx.certificatePath],
                standardInput: .bytes(Array(request.utf8)))
        }
        for client in clients {
            let outcome = client.waitForExit(timeout: 30)
            let elapsed = Date().timeIntervalSince(started)
            #expect(outcome != nil, "nginx kept a stalled connection open for 30 s")
            #expect(elapsed >= 9 && elapsed < 20, "cut off after \(elapsed) s, expected about 10")
            #expect(!(outcome?.standardOutputText.contains("HTTP/1.1 2") ?? true))
        }
        #expect(NginxServer.lines(of: stack.nginx.accessLogPath).contains { $0.contains("status=408") })
        #expect(stack.backend.seenRequests.isEmpty)
    }

    @Test("a route whose socket is down is 502 problem, not nginx's HTML page")
    func routeDown() throws {
        let stack = try NginxEchoStack(route: "task-status", paths: ["/task-status/abc"])
        let response = try stack.request(path: "/tasks", authorization: "Bearer \(stack.tokens.service)")
        Self.expectProblem(response, status: 502, type: "route-unavailable")
    }

    @Test("the dashboard is served with its security headers, no token needed")
    func dashboard() throws {
        let stack = try NginxEchoStack(route: "task-status", paths: ["/task-status/abc"])
        let folder = PackagePaths.root + "/nginx/dashboard"
        let files = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".js") || $0.hasSuffix(".html") || $0.hasSuffix(".css") }
        let file = try #require(files.sorted().first, "no static file in nginx/dashboard")
        let response = try stack.request(path: "/dashboard/" + file)
        #expect(response.status == 200)
        let expected = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
        #expect(response.text == expected)
        let csp = response.header("content-security-policy") ?? ""
        #expect(csp.contains("default-src 'self'"))
        #expect(csp.contains("script-src 'self'"))
        #expect(csp.contains("frame-ancestors 'none'"))
        #expect(response.header("x-content-type-options") == "nosniff")
        #expect(response.header("referrer-policy") == "no-referrer")
        #expect(response.header("x-frame-options") == "DENY")
        #expect(response.header("strict-transport-security") == "max-age=63072000")

        let missing = try stack.request(path: "/dashboard/no-such-file.js")
        Self.expectProblem(missing, status: 404, type: "not-found")
        let bare = try stack.request(path: "/dashboard")
        #expect(bare.status == 301)
        #expect(bare.header("location") == "/dashboard/")
    }

    static func expectProblem(_ response: HTTPTestResponse, status: Int, type: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.header("content-type") == "application/problem+json", sourceLocation: sourceLocation)
        #expect(response.header("strict-transport-security") == "max-age=63072000", sourceLocation: sourceLocation)
        let body = response.jsonObject
        #expect(body?["type"] as? String == "urn:taskmgr:problem:\(type)", sourceLocation: sourceLocation)
        #expect(body?["status"] as? Int == status, sourceLocation: sourceLocation)
        #expect(body?["title"] is String, sourceLocation: sourceLocation)
        #expect(body?["detail"] is String, sourceLocation: sourceLocation)
    }
}
