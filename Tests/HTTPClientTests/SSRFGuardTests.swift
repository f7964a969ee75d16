import Foundation
import Testing
@testable import HTTPClient
import TaskmgrCore
import TestSupport

@Suite("SSRF guard")
struct SSRFGuardTests {
    /// Each form reaches 127.0.0.1 (or another non-public address) if a guard is naive.
    static let sneakyHosts = [
        "127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1", "user@127.0.0.1", "u:p@localhost",
        "[::ffff:7f00:1]", "[::ffff:127.0.0.1]", "[::1]", "[::]", "localhost", "LOCALHOST", "0.0.0.0",
        "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "169.254.169.254", "100.100.100.200", "[fd00:ec2::254]", "10.0.0.1",
    ]

    @Test("non-public hosts are refused with a reason and no connection reaches the listener", arguments: sneakyHosts)
    func refusesSneakyHosts(host: String) throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/status", .json(#"{"status":"done"}"#))
        let result = get("http://\(host):\(server.port)/status")
        switch result.failure {
        case .refused(let reason)?:
            #expect(reason.contains("loopback") || reason.contains("private") || reason.contains("metadata") || reason.contains("unspecified"), "\(reason)")
        case .invalidURL(let reason)?:
            #expect(reason.contains("non-standard form") || reason.contains("user name"), "\(reason)")
        default:
            Issue.record("\(host) was not refused: \(result)")
        }
        #expect(server.connectionCount == 0)
        #expect(server.requestCount == 0)
    }

    @Test("a host resolving to loopback is refused naming the address and reason")
    func localhostMessage() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        guard case .refused(let reason)? = get("http://localhost:\(server.port)/").failure else {
            Issue.record("localhost was not refused")
            return
        }
        #expect(reason.contains("host localhost resolves only to non-public addresses"))
        #expect(reason.contains("127.0.0.1 is loopback"))
        #expect(HTTPFailure.refused(reason).message.hasPrefix("refused by the address policy: "))
        #expect(server.connectionCount == 0)
    }

    @Test("the same URLs succeed when TASKMGR_POLL_ALLOW_CIDRS allow-lists loopback")
    func allowListOpensLoopback() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/status", .json(#"{"status":"done"}"#))
        var options = HTTPClientOptions()
        options.addressPolicy = try AddressPolicy.fromEnvironment(["TASKMGR_POLL_ALLOW_CIDRS": "127.0.0.0/8"])
        for url in ["http://127.0.0.1:\(server.port)/status", "http://localhost:\(server.port)/status", "http://[::ffff:127.0.0.1]:\(server.port)/status"] {
            let response = try #require(get(url, options: options).response, "\(url)")
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"status":"done"}"#)
        }
        #expect(server.requests(to: "/status").count == 3)
        // The allow-list opens loopback only: the odd forms stay refused.
        #expect(get("http://127.1:\(server.port)/status", options: options).failure != nil)
        #expect(get("http://10.0.0.1:\(server.port)/status", options: options).failure != nil)
        #expect(server.requests(to: "/status").count == 3)
    }

    @Test("redirects are returned, never followed (not to metadata, not even to the same server)")
    func redirectsAreNotFollowed() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/metadata", .redirect(to: "http://169.254.169.254/latest/meta-data/"))
        server.route("/hop", .redirect(to: server.url("/target"), status: 307))
        server.route("/target", .text("followed"))
        let results = run([HTTPRequest(url: server.url("/metadata")), HTTPRequest(url: server.url("/hop"))], options: loopbackOptions())
        #expect(results[0].response?.status == 302)
        #expect(results[0].response?.header("Location") == "http://169.254.169.254/latest/meta-data/")
        #expect(results[1].response?.status == 307)
        #expect(server.requests(to: "/target").isEmpty)
        #expect(server.requestCount == 2)
    }

    @Test("the open-socket callback refuses an address even when the pre-check is bypassed")
    func openSocketCallbackIsTheLastLineOfDefence() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        // A transfer built without the resolve step: libcurl resolves `localhost` itself,
        // so only the open-socket callback stands between it and the listener.
        let url = try PollURL.validate("http://localhost:\(server.port)/").get()
        let transfer = try Transfer(index: 0, request: HTTPRequest(url: url.string), url: url, resolved: nil, options: HTTPClientOptions())
        let multi = CurlMulti()
        multi.add(transfer.easy)
        var outcome: Result<HTTPResponse, HTTPFailure>?
        let deadline = Date().addingTimeInterval(10)
        while outcome == nil && Date() < deadline {
            multi.perform()
            if let done = multi.finished().first {
                multi.remove(done.easy)
                outcome = transfer.outcome(done.code)
            } else {
                multi.poll(milliseconds: 100)
            }
        }
        guard case .refused(let reason)? = outcome?.failure else {
            Issue.record("the socket was not refused: \(String(describing: outcome))")
            return
        }
        #expect(reason.contains("is loopback"))
        #expect(server.connectionCount == 0)
    }

    @Test("a refused request does not stop the others in the same batch")
    func mixedBatch() throws {
        let server = try MockHTTPServer()
        defer { server.stop() }
        server.route("/ok", .text("fine"))
        var options = HTTPClientOptions()
        options.addressPolicy = AddressPolicy(allow: [CIDR("127.0.0.1/32")!])
        let results = run([
            HTTPRequest(url: server.url("/ok")),
            HTTPRequest(url: "http://[::1]:\(server.port)/ok"),
            HTTPRequest(url: "ftp://example.com/"),
            HTTPRequest(url: server.url("/ok")),
        ], options: options)
        #expect(results[0].response?.status == 200)
        #expect(results[1].failure == .refused("poll_url host [::1] is a loopback address; taskmgr polls only public addresses"))
        if case .invalidURL? = results[2].failure {} else { Issue.record("ftp accepted: \(results[2])") }
        #expect(results[3].response?.status == 200)
        #expect(server.requestCount == 2)
    }
}
