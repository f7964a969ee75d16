import Foundation
import Testing
import TestSupport

/// The Bearer-token check in nginx: who gets through, what the route is told, and that a
/// rejected request never reaches FastCGI and never leaves its token in a log.
@Suite("nginx: tokens")
struct NginxAuthTests {
    static let paths = ["/task-status/abc", "/webhook/task-status/abc"]

    @Test("each token reaches the route with its role, user id and name, and without the secret")
    func validTokens() throws {
        let stack = try NginxEchoStack(paths: Self.paths)
        let tokens = stack.tokens
        let cases: [(String, String, String, String)] = [
            (tokens.service, "service_role", "", "test-service"),
            (tokens.authenticated, "authenticated", "", "test-authenticated"),
            (tokens.user, "authenticated", tokens.userID.uuidString.lowercased(), "test-user"),
        ]
        for (secret, role, user, name) in cases {
            let response = try stack.request(path: "/task-status/abc", authorization: "Bearer \(secret)")
            #expect(response.status == 200)
            let params = Self.params(response)
            #expect(params["TASKMGR_ROLE"] == role)
            #expect(params["TASKMGR_USER_ID"] == user)
            #expect(params["TASKMGR_TOKEN_NAME"] == name)
            #expect(params["HTTP_AUTHORIZATION", default: ""].isEmpty)
            #expect(!response.text.contains(secret), "the route must never see the token")
        }
        // The scheme is case-insensitive, the n8n-compatible twin path goes to the same route.
        let twin = try stack.request(path: "/webhook/task-status/abc", authorization: "bearer \(tokens.service)")
        #expect(twin.status == 200)
        #expect(Self.params(twin)["TASKMGR_ROLE"] == "service_role")
        #expect(stack.backend.seenRequests.count == 4)
    }

    @Test("no header, a wrong token, another scheme, a case-changed secret: 401 problem, FastCGI never called")
    func rejected() throws {
        let stack = try NginxEchoStack(paths: Self.paths)
        let service = stack.tokens.service
        let flipped = "tm_" + String(service.dropFirst(3).map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })
        let attempts: [String?] = [
            nil,
            "Bearer tm_wrongwrongwrongwrongwrongwrongwrongwrongwro",
            "Basic \(Data("user:\(service)".utf8).base64EncodedString())",
            service,
            "Token \(service)",
            "Bearer \(flipped)",
            "Bearer \(service)x",
            "Bearer \(service) ",
        ]
        for authorization in attempts {
            let response = try stack.request(path: "/task-status/abc", authorization: authorization)
            #expect(response.status == 401, "\(authorization ?? "no header")")
            #expect(response.header("content-type") == "application/problem+json")
            #expect(response.header("www-authenticate")?.hasPrefix("Bearer") == true)
            #expect(response.header("strict-transport-security") != nil)
            #expect(response.jsonObject?["status"] as? Int == 401)
            #expect(response.jsonObject?["type"] as? String == "urn:taskmgr:problem:unauthorized")
        }
        #expect(stack.backend.seenRequests.isEmpty, "rejected requests reached FastCGI: \(stack.backend.seenRequests)")

        let unauthorized = NginxServer.lines(of: stack.nginx.unauthorizedLogPath)
        #expect(unauthorized.count == attempts.count)
        for line in unauthorized {
            #expect(line.contains("addr=127.0.0.1"))
            #expect(line.contains("path=\"/task-status/abc\""))
            #expect(line.contains("time=20"))
            #expect(line.contains("status=401"))
        }
        Self.expectNoSecrets([service, flipped, String(service.dropFirst(3))], in: stack)
    }

    @Test("a token added with taskctl works after a reload; revoked, it is refused after the next")
    func taskctlAddAndRevoke() throws {
        let stack = try NginxEchoStack(paths: Self.paths)
        let taskctl = try PackagePaths.requireExecutable("taskctl")
        let file = stack.nginx.tokenMapPath
        let add = try ProcessRunner.run(taskctl, arguments: ["token", "add", "--role", "service_role", "--name", "ops-bot",
                                                            "--file", file])
        #expect(add.succeeded, "\(add.standardErrorText)")
        let secret = add.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("tm_"))

        try stack.nginx.reload()
        let allowed = try stack.request(path: "/task-status/abc", authorization: "Bearer \(secret)")
        #expect(allowed.status == 200)
        #expect(Self.params(allowed)["TASKMGR_TOKEN_NAME"] == "ops-bot")
        // The test stack's own tokens, written by TestTokens, still work beside it.
        #expect(try stack.request(path: "/task-status/abc", authorization: "Bearer \(stack.tokens.user)").status == 200)

        let list = try ProcessRunner.run(taskctl, arguments: ["token", "list", "--file", file])
        #expect(list.standardOutputText.contains("ops-bot"))
        #expect(list.standardOutputText.contains("test-user"))
        #expect(!list.standardOutputText.contains("tm_"), "token list must never show secrets")

        let revoke = try ProcessRunner.run(taskctl, arguments: ["token", "revoke", "ops-bot", "--file", file])
        #expect(revoke.succeeded, "\(revoke.standardErrorText)")
        try stack.nginx.reload()
        let seenBefore = stack.backend.seenRequests.count
        let refused = try stack.request(path: "/task-status/abc", authorization: "Bearer \(secret)")
        #expect(refused.status == 401)
        #expect(stack.backend.seenRequests.count == seenBefore)
        Self.expectNoSecrets([secret], in: stack)
    }

    /// The echo's `NAME=value` lines.
    static func params(_ response: HTTPTestResponse) -> [String: String] {
        var result: [String: String] = [:]
        for line in response.text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    /// No log nginx writes contains any of `secrets`.
    static func expectNoSecrets(_ secrets: [String], in stack: NginxEchoStack) {
        let logs = [stack.nginx.accessLogPath, stack.nginx.unauthorizedLogPath, stack.nginx.errorLogPath,
                    stack.directory + "/logs/access.log"]
        for log in logs {
            let text = NginxServer.lines(of: log).joined(separator: "\n")
            for secret in secrets {
                #expect(!text.contains(secret), "\(log) contains a token")
            }
        }
    }
}
