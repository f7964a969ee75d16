import Foundation
import Testing
import TestSupport

/// The shipped rate limits (nginx/conf.d/taskmgr.conf), unscaled: per token 20 r/s with a
/// burst of 40, per address 40 r/s with a burst of 80, requests without a valid token
/// 1 r/s with a burst of 10, 32 requests in flight per address. Each answers 429
/// problem+json with Retry-After, and the requests it refuses never reach FastCGI.
///
/// Requests go one after another on one connection, as fast as the machine allows; a busy
/// machine is slower, so the bounds allow for what the rate refilled meanwhile, and nginx's
/// error log says which zone refused.
@Suite("nginx: rate limits")
struct NginxRateLimitTests {
    static let path = "/task-status/abc"

    @Test("per token: a burst beyond 40 gets 429 + Retry-After; after a pause, 200 again")
    func perToken() throws {
        let stack = try NginxEchoStack(paths: [Self.path])
        let authorization = "Bearer \(stack.tokens.service)"
        let (results, elapsed) = try Self.burstUntilLimited(stack, authorizations: Array(repeating: authorization, count: 150))
        let passed = results.filter { $0.status == 200 }.count
        let limited = results.filter { $0.status == 429 }
        #expect(passed + limited.count == results.count, "only 200 and 429 expected: \(results.map(\.status))")
        // The burst (40) plus the first request, plus what the rate refilled meanwhile.
        #expect(passed >= 41)
        #expect(passed <= 41 + Int((elapsed * 20).rounded(.up)), "\(passed) passed in \(elapsed) s")
        #expect(!limited.isEmpty, "no 429 in \(results.count) requests over \(elapsed) s")
        #expect(limited.allSatisfy { $0.retryAfter == "1" })
        #expect(stack.backend.seenRequests.count == passed, "a limited request reached FastCGI")
        #expect(Self.refusals(stack) == ["taskmgr_per_token": limited.count])

        // Another token is not held back by the first one's limit.
        #expect(try stack.request(path: Self.path, authorization: "Bearer \(stack.tokens.user)").status == 200)
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try stack.request(path: Self.path, authorization: authorization).status == 200)
    }

    @Test("the 429 is a problem+json with Retry-After and HSTS")
    func problemShape() throws {
        let stack = try NginxEchoStack(paths: [Self.path])
        let results = try stack.burst(path: Self.path, authorization: "Bearer tm_guess", count: 15)
        #expect(results.contains { $0.status == 429 })
        let response = try stack.request(path: Self.path, authorization: "Bearer tm_guess")
        #expect(response.status == 429)
        #expect(response.header("content-type") == "application/problem+json")
        #expect(response.header("retry-after") == "1")
        #expect(response.header("strict-transport-security") == "max-age=63072000")
        #expect(response.jsonObject?["type"] as? String == "urn:taskmgr:problem:rate-limited")
        #expect(response.jsonObject?["status"] as? Int == 429)
    }

    @Test("a flood of bad tokens: 11 get 401, the rest 429 + Retry-After; none reaches FastCGI; later 401 again")
    func badTokenFlood() throws {
        let stack = try NginxEchoStack(paths: [Self.path])
        let started = Date()
        let results = try stack.burst(path: Self.path, authorization: "Bearer tm_guess", count: 40)
        let elapsed = Date().timeIntervalSince(started)
        let unauthorized = results.filter { $0.status == 401 }.count
        let limited = results.filter { $0.status == 429 }
        #expect(unauthorized + limited.count == 40, "\(results.map(\.status))")
        #expect(unauthorized >= 11)
        #expect(unauthorized <= 11 + Int(elapsed.rounded(.up)), "\(unauthorized) answered 401 in \(elapsed) s")
        #expect(limited.count >= 20)
        #expect(limited.allSatisfy { $0.retryAfter == "1" })
        #expect(stack.backend.seenRequests.isEmpty)
        #expect(Self.refusals(stack) == ["taskmgr_unauthorized": limited.count])

        // The flood doesn't lock out a good token from the same address.
        #expect(try stack.request(path: Self.path, authorization: "Bearer \(stack.tokens.service)").status == 200)
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try stack.request(path: Self.path, authorization: "Bearer tm_guess").status == 401)
        // Refused attempts are unauthorized attempts too: in their own log, without the token.
        let log = NginxServer.lines(of: stack.nginx.unauthorizedLogPath)
        #expect(log.count == 41)
        #expect(log.filter { $0.contains("status=429") }.count == limited.count)
        #expect(!log.joined().contains("tm_guess"))
    }

    @Test("per address: three tokens taking turns are held to the address's burst of 80")
    func perAddress() throws {
        let stack = try NginxEchoStack(paths: [Self.path])
        let tokens = [stack.tokens.service, stack.tokens.authenticated, stack.tokens.user]
        // Taking turns, each token sees a third of the requests: the address's limit
        // (80 burst, 40 r/s) always binds before any token's (40 burst, 20 r/s).
        let authorizations = (0..<240).map { "Bearer \(tokens[$0 % 3])" }
        let (results, elapsed) = try Self.burstUntilLimited(stack, authorizations: authorizations)
        let passed = results.filter { $0.status == 200 }.count
        let limited = results.filter { $0.status == 429 }
        #expect(passed + limited.count == results.count)
        #expect(passed >= 81)
        #expect(passed <= 81 + Int((elapsed * 40).rounded(.up)), "\(passed) passed in \(elapsed) s")
        #expect(!limited.isEmpty, "no 429 in \(results.count) requests over \(elapsed) s")
        #expect(limited.allSatisfy { $0.retryAfter == "1" })
        #expect(stack.backend.seenRequests.count == passed)
        #expect(Self.refusals(stack) == ["taskmgr_per_address": limited.count])
    }

    @Test("per address: the 33rd request in flight gets 429")
    func connectionLimit() throws {
        let stack = try NginxEchoStack(paths: ["/task-status/slow"], workers: 40)
        let tokens = [stack.tokens.service, stack.tokens.authenticated]
        // 40 requests at once (HTTP/2 streams), each taking two seconds at the route.
        // Options end at each --next, so every request names the CA again.
        var arguments = ["-q", "-Z", "--parallel-max", "60"]
        for index in 0..<40 {
            if index > 0 { arguments.append("--next") }
            arguments += ["-sS", "--cacert", stack.nginx.certificatePath,
                          "-H", "Authorization: Bearer \(tokens[index % 2])",
                          "-w", "%{http_code}\\n", "-o", "/dev/null", stack.nginx.httpsURL + "/task-status/slow"]
        }
        let outcome = try ProcessRunner.run("curl", arguments: arguments, timeout: 60)
        let statuses = outcome.standardOutputText.split(separator: "\n").compactMap { Int($0) }
        #expect(statuses.count == 40)
        #expect(statuses.filter { $0 == 200 }.count == 32, "\(statuses)")
        #expect(statuses.filter { $0 == 429 }.count == 8, "\(statuses)")
        #expect(Self.refusals(stack) == ["taskmgr_connections": 8])
        #expect(stack.backend.seenRequests.count == 32)
    }

    /// Sends `authorizations` as one quick burst, again (up to four times in all) while
    /// none was refused: a machine busy with other tests may answer more slowly than the
    /// limit refills. Returns every result and the seconds from the first to the last.
    static func burstUntilLimited(
        _ stack: NginxEchoStack, authorizations: [String?]
    ) throws -> (results: [(status: Int, retryAfter: String?)], elapsed: Double) {
        let started = Date()
        var results: [(status: Int, retryAfter: String?)] = []
        for _ in 0..<4 {
            results += try stack.burst(path: path, authorizations: authorizations)
            if results.contains(where: { $0.status == 429 }) { break }
        }
        return (results, Date().timeIntervalSince(started))
    }

    /// How many requests each limit zone refused, from nginx's error log
    /// ("limiting requests, excess: … by zone \"taskmgr_per_token\"").
    static func refusals(_ stack: NginxEchoStack) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in NginxServer.lines(of: stack.nginx.errorLogPath) where line.contains("limiting ") {
            guard let range = line.range(of: #"by zone "([a-z_]+)""#, options: .regularExpression) else { continue }
            let zone = line[range].dropFirst("by zone \"".count).dropLast()
            counts[String(zone), default: 0] += 1
        }
        return counts
    }
}
