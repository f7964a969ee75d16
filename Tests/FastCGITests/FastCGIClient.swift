import Foundation
import TestSupport

/// A real FastCGI client for the tests: libfcgi's `cgi-fcgi -bind -connect SOCKET`, which sends
/// its environment as params and its stdin as the body, and prints the CGI response.
enum FastCGIClient {
    /// Sends one request to the server at `socket` and returns the parsed reply.
    static func request(
        socket: String,
        method: String = "GET",
        path: String = "/",
        query: String = "",
        body: [UInt8] = [],
        contentLength: String? = nil,
        params: [String: String] = [:],
        timeout: Double = 20
    ) throws -> CGIReply {
        var environment = requestParams(method: method, path: path, query: query, body: body,
                                        contentLength: contentLength, params: params)
        environment["PATH"] = "/usr/bin:/bin"
        let outcome = try ProcessRunner.run(
            "cgi-fcgi", arguments: ["-bind", "-connect", socket], environment: environment,
            standardInput: .bytes(body), timeout: timeout)
        guard outcome.exitCode == 0 else {
            throw TestSupportError("cgi-fcgi exited \(String(describing: outcome.exitCode)): \(outcome.standardErrorText)")
        }
        return try CGIReply(parsing: outcome.standardOutput)
    }

    /// The CGI params of a request, as a web server would set them.
    static func requestParams(
        method: String, path: String, query: String, body: [UInt8],
        contentLength: String?, params: [String: String]
    ) -> [String: String] {
        var result = [
            "GATEWAY_INTERFACE": "CGI/1.1",
            "REQUEST_METHOD": method,
            "DOCUMENT_URI": path,
            "SCRIPT_NAME": path,
            "REQUEST_URI": query.isEmpty ? path : path + "?" + query,
            "QUERY_STRING": query,
        ]
        if let contentLength {
            result["CONTENT_LENGTH"] = contentLength
        } else if !body.isEmpty {
            result["CONTENT_LENGTH"] = "\(body.count)"
        }
        result.merge(params) { _, new in new }
        return result
    }
}

/// A CGI response as written on stdout: `Status:` and other headers, a blank line, the body.
struct CGIReply {
    let status: Int
    let headers: [(String, String)]
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw TestSupportError("body is not a JSON object: \(text)")
        }
        return object
    }

    init(parsing output: [UInt8]) throws {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = output.firstRange(of: separator) else {
            throw TestSupportError("no end of headers in: \(String(decoding: output, as: UTF8.self))")
        }
        var status = 200
        var headers: [(String, String)] = []
        for line in String(decoding: output[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else {
                throw TestSupportError("malformed header line: \(line)")
            }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name.lowercased() == "status" {
                status = Int(value.prefix { $0 != " " }) ?? -1
            }
            headers.append((name, value))
        }
        self.status = status
        self.headers = headers
        self.body = Array(output[end.upperBound...])
    }
}
