/// One request as a handler sees it: every FastCGI param (copied into Swift at accept time,
/// because libfcgi's strings die at `FCGX_Finish_r`) and the whole body, already bounded by
/// CONTENT_LENGTH and the server's maximum.
public struct FastCGIRequest: Sendable {
    /// Every FastCGI param (or CGI environment variable) by name.
    public let params: [String: String]
    /// The request body, exactly CONTENT_LENGTH bytes.
    public let body: [UInt8]

    public init(params: [String: String], body: [UInt8] = []) {
        self.params = params
        self.body = body
    }

    /// `REQUEST_METHOD`, upper-case as sent (`GET` when absent).
    public var method: String { params["REQUEST_METHOD"] ?? "GET" }

    /// The path without the query: `DOCUMENT_URI` (nginx's normalised URI), else `REQUEST_URI`
    /// up to `?`, else `SCRIPT_NAME` + `PATH_INFO`.
    public var path: String {
        if let uri = params["DOCUMENT_URI"], !uri.isEmpty { return uri }
        if let uri = params["REQUEST_URI"], !uri.isEmpty {
            return String(uri.prefix { $0 != "?" })
        }
        return (params["SCRIPT_NAME"] ?? "") + (params["PATH_INFO"] ?? "")
    }

    /// `QUERY_STRING`, still encoded.
    public var query: String { params["QUERY_STRING"] ?? "" }

    /// The query's name/value pairs in order, percent-decoded, `+` read as a space.
    public var queryItems: [(name: String, value: String)] { QueryString.items(query) }

    /// The first value of query parameter `name`, decoded.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// The FastCGI param `name` (for example `TASKMGR_ROLE`), nil if absent.
    public func param(_ name: String) -> String? { params[name] }

    /// An HTTP request header by name, case-insensitive: `Content-Type` and `Content-Length`
    /// come from `CONTENT_TYPE`/`CONTENT_LENGTH`, every other header from its `HTTP_*` param.
    public func header(_ name: String) -> String? {
        params[Self.paramName(forHeader: name)]
    }

    /// The CGI param that carries header `name` (`Idempotency-Key` → `HTTP_IDEMPOTENCY_KEY`).
    public static func paramName(forHeader name: String) -> String {
        let upper = String(name.uppercased().map { $0 == "-" ? "_" : $0 })
        if upper == "CONTENT_TYPE" || upper == "CONTENT_LENGTH" { return upper }
        return "HTTP_" + upper
    }
}
