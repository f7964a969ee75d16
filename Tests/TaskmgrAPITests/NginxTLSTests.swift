import Foundation
import Testing
import TestSupport

/// TLS as Mozilla's intermediate profile has it (1.2 and 1.3 only), HSTS on every HTTPS
/// response, and HTTP answered only with a redirect to a fixed HTTPS origin.
@Suite("nginx: TLS and redirects")
struct NginxTLSTests {
    @Test("TLS 1.1 is refused, TLS 1.2 and 1.3 are accepted")
    func protocols() throws {
        let stack = try NginxEchoStack(paths: ["/task-status/abc"])
        let port = stack.nginx.httpsPort
        #expect(try Self.handshake(port: port, version: "-tls1_1") == false)
        #expect(try Self.handshake(port: port, version: "-tls1") == false)
        #expect(try Self.handshake(port: port, version: "-tls1_2") == true)
        #expect(try Self.handshake(port: port, version: "-tls1_3") == true)
    }

    @Test("the TLS 1.1 probe does succeed against a server that allows TLS 1.1 (so the test above can fail)")
    func probeControl() throws {
        let stack = try NginxEchoStack(paths: ["/task-status/abc"])
        // Loosen only the rendered copy, as an admin's mistake would: then 1.1 must get through.
        let snippet = stack.directory + "/snippets/taskmgr-tls.conf"
        var text = try String(contentsOfFile: snippet, encoding: .utf8)
        text = text.replacingOccurrences(of: "ssl_protocols TLSv1.2 TLSv1.3;", with: "ssl_protocols TLSv1.1 TLSv1.2 TLSv1.3;")
        text = text.replacingOccurrences(of: #"ssl_ciphers [^;]+;"#, with: "ssl_ciphers DEFAULT:@SECLEVEL=0;",
                                         options: .regularExpression)
        try text.write(toFile: snippet, atomically: true, encoding: .utf8)
        try stack.nginx.reload()
        #expect(try Self.handshake(port: stack.nginx.httpsPort, version: "-tls1_1") == true)
    }

    @Test("HSTS on a 404, a 401, a 405 and a 200")
    func hsts() throws {
        let stack = try NginxEchoStack(paths: ["/task-status/abc"])
        let token = "Bearer \(stack.tokens.service)"
        let responses = [
            try stack.request(path: "/no-such-path"),
            try stack.request(path: "/task-status/abc"),
            try stack.request(method: "DELETE", path: "/task-status/abc", authorization: token),
            try stack.request(path: "/task-status/abc", authorization: token),
        ]
        #expect(responses.map(\.status) == [404, 401, 405, 200])
        for response in responses {
            #expect(response.header("strict-transport-security") == "max-age=63072000")
        }
    }

    @Test("HTTP redirects to the configured HTTPS origin, never to the Host the client sent")
    func redirect() throws {
        let stack = try NginxEchoStack(paths: ["/task-status/abc"])
        let origin = "https://localhost:\(stack.nginx.httpsPort)"
        let plain = try CurlRequest.send(url: stack.nginx.httpURL + "/task-status/abc?x=1", caFile: nil)
        #expect(plain.status == 301)
        #expect(plain.header("location") == origin + "/task-status/abc?x=1")
        #expect(plain.header("strict-transport-security") == nil, "HSTS means nothing over HTTP")

        let spoofed = try CurlRequest.send(url: stack.nginx.httpURL + "/tasks", headers: [("Host", "evil.example")],
                                           caFile: nil)
        #expect(spoofed.header("location") == origin + "/tasks")
        let protocolRelative = try CurlRequest.send(url: stack.nginx.httpURL + "//evil.example/x", caFile: nil,
                                                    extraArguments: ["--path-as-is"])
        #expect(protocolRelative.header("location") == origin + "//evil.example/x")
        #expect(stack.backend.seenRequests.isEmpty)
    }

    @Test("the access log has one parseable line per request, with the request time and no token")
    func accessLog() throws {
        let stack = try NginxEchoStack(paths: ["/task-status/abc"])
        _ = try stack.request(path: "/task-status/abc?secret=query", authorization: "Bearer \(stack.tokens.user)")
        _ = try stack.request(path: "/task-status/abc", authorization: "Bearer tm_nope")
        let lines = NginxServer.lines(of: stack.nginx.accessLogPath)
        #expect(lines.count == 2)
        let fields = lines.map(Self.keyValues)
        #expect(fields.map { $0["status"] } == ["200", "401"])
        #expect(fields[0]["token"] == "test-user")
        #expect(fields[0]["role"] == "authenticated")
        #expect(fields[0]["path"] == "/task-status/abc", "the query string stays out of the log")
        for line in fields {
            #expect(line["addr"] == "127.0.0.1")
            #expect(Double(line["request_time"] ?? "") != nil)
            #expect(line["time"]?.hasPrefix("20") == true)
        }
        #expect(!lines.joined().contains(stack.tokens.user))
        #expect(!lines.joined().contains("tm_nope"))
    }

    /// Whether `openssl s_client` completes a handshake with `version` (-tls1_1 …). The client
    /// allows legacy protocols (SECLEVEL=0), so a refusal comes from the server.
    static func handshake(port: UInt16, version: String) throws -> Bool {
        let outcome = try ProcessRunner.run(
            "openssl",
            arguments: ["s_client", "-connect", "127.0.0.1:\(port)", version, "-cipher", "DEFAULT:@SECLEVEL=0",
                        "-servername", "localhost"],
            standardInput: .bytes(Array("Q\n".utf8)), timeout: 15)
        let text = outcome.standardOutputText
        return outcome.succeeded && text.contains("Cipher is ") && !text.contains("Cipher is (NONE)")
    }

    /// `key=value` and `key="value"` pairs of one log line.
    static func keyValues(_ line: String) -> [String: String] {
        var result: [String: String] = [:]
        let pattern = #"([a-z_]+)=("[^"]*"|\S*)"#
        let regex = try! NSRegularExpression(pattern: pattern)
        for match in regex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            guard let key = Range(match.range(at: 1), in: line), let value = Range(match.range(at: 2), in: line) else { continue }
            result[String(line[key])] = String(line[value]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return result
    }
}
