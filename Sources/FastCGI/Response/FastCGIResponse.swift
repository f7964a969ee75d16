/// What a handler answers: an HTTP status, headers in order, and the body. The server writes
/// it as a CGI response (`Status: 404 Not Found`, never an HTTP status line).
public struct FastCGIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> FastCGIResponse {
        FastCGIResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                        body: Array(text.utf8))
    }

    /// An `application/json` response with an already encoded body.
    public static func json(_ body: [UInt8], status: Int = 200) -> FastCGIResponse {
        FastCGIResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    /// The first value of header `name`, case-insensitive.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The bytes a CGI/FastCGI responder writes: `Status:` line, the headers, a
    /// `Content-Length` if the handler gave none, a blank line, the body. CR and LF inside a
    /// header are replaced by spaces so a value can never start a forged header.
    public func encoded() -> [UInt8] {
        var head = "Status: \(status) \(HTTPStatus.reasonPhrase(status))\r\n"
        var hasLength = false
        for (name, value) in headers {
            let cleanName = Self.singleLine(name)
            if cleanName.lowercased() == "content-length" { hasLength = true }
            head += cleanName + ": " + Self.singleLine(value) + "\r\n"
        }
        if !hasLength {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    private static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
