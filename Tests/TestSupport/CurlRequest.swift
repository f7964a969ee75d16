import Foundation

/// One HTTP response as a test sees it.
public struct HTTPTestResponse: Sendable {
    public let status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    public let headers: [String: String]
    public let body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object, or nil.
    public var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// The header `name` (any case).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Sends one request with the `curl` command line tool, trusting only `caFile`.
///
/// curl rather than URLSession: on Linux URLSession can't be told to trust a private CA
/// per session, follows redirects unasked and hides a HEAD response's framing. A curl
/// process costs a few milliseconds, which hundreds of requests per test run can afford.
public enum CurlRequest {
    public static func send(
        url: String, method: String = "GET", headers: [(String, String)] = [],
        body: [UInt8]? = nil, caFile: String?, extraArguments: [String] = [], timeout: Double = 30
    ) throws -> HTTPTestResponse {
        // -q first: ignore any ~/.curlrc. No redirects followed, no Expect: 100-continue.
        var arguments = ["-q", "-sS", "-i", "--max-time", String(Int(timeout)), "-H", "Expect:"]
        if let caFile { arguments += ["--cacert", caFile] }
        if method == "HEAD" {
            arguments.append("--head")
        } else {
            arguments += ["-X", method]
        }
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        var input = ProcessRunner.StandardInput.null
        if let body {
            arguments += ["--data-binary", "@-"]
            input = .bytes(body)
        }
        arguments += extraArguments
        arguments.append(url)
        let outcome = try ProcessRunner.run("curl", arguments: arguments, standardInput: input, timeout: timeout + 5)
        guard outcome.succeeded else {
            throw TestSupportError("curl \(method) \(url) failed (exit \(outcome.exitCode.map(String.init) ?? "signal")): "
                                   + outcome.standardErrorText)
        }
        return try parse(outcome.standardOutput)
    }

    /// Sends one request per entry of `headerSets`, one after another on one kept-alive
    /// connection (one curl process, `--next` between requests), as fast as the server
    /// answers; returns each status with its Retry-After. Made for rate-limit tests, where
    /// a process per request would be too slow to outrun the limit.
    public static func burst(
        url: String, headerSets: [[(String, String)]], method: String = "GET", caFile: String?
    ) throws -> [(status: Int, retryAfter: String?)] {
        // Eight at a time: sequential requests on a loaded machine can fall below the rate
        // limits under test (40 r/s) and never meet them; eight stays under the 32-per-address
        // connection limit, so only the request-rate limits answer.
        var arguments = ["-q", "-Z", "--parallel-max", "8"]
        for (index, headers) in headerSets.enumerated() {
            if index > 0 { arguments.append("--next") }
            arguments += ["-sS", "--max-time", "60", "-X", method, "-w", "%{http_code} %header{retry-after}\\n"]
            if let caFile { arguments += ["--cacert", caFile] }
            for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
            arguments += ["-o", "/dev/null", url]
        }
        let outcome = try ProcessRunner.run("curl", arguments: arguments, timeout: 90)
        guard outcome.succeeded else { throw TestSupportError("curl burst failed: \(outcome.standardErrorText)") }
        return outcome.standardOutputText.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            let retryAfter = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
            return (Int(parts.first ?? "") ?? 0, retryAfter.isEmpty ? nil : retryAfter)
        }
    }

    /// Splits curl's `-i` output into the final status, headers and body (skipping any
    /// interim 1xx blocks).
    public static func parse(_ output: [UInt8]) throws -> HTTPTestResponse {
        var rest = output[...]
        while true {
            guard let end = headerEnd(in: rest) else {
                throw TestSupportError("curl output has no header block: \(String(decoding: output, as: UTF8.self))")
            }
            let block = String(decoding: rest[rest.startIndex..<end.start], as: UTF8.self)
            rest = rest[end.end...]
            // Split on any line break: in a Swift String "\r\n" is one Character, not "\n".
            var lines = block.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                throw TestSupportError("bad status line in curl output: \(block)")
            }
            if (100..<200).contains(status) { continue }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].lowercased()
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            return HTTPTestResponse(status: status, headers: headers, body: Array(rest))
        }
    }

    /// The range of the blank line ending the first header block ("\r\n\r\n" or "\n\n").
    private static func headerEnd(in bytes: ArraySlice<UInt8>) -> (start: Int, end: Int)? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 10 {
                let next = index + 1
                if next < bytes.endIndex, bytes[next] == 10 { return (index, next + 1) }
                if next + 1 < bytes.endIndex, bytes[next] == 13, bytes[next + 1] == 10 { return (index, next + 2) }
            }
            index += 1
        }
        return nil
    }
}
