/// An RFC 9457 problem: the one shape every taskmgr error takes on the wire.
///
/// `detail` is written for the client and never carries SQL, server messages or secrets;
/// those go to the log.
public struct Problem: Error, Sendable, Equatable {
    /// One field's complaint inside a 422.
    public struct FieldError: Sendable, Equatable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var status: Int
    public var slug: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    /// Extra response headers the problem needs (`Retry-After`, `Allow`).
    public var headers: [(String, String)]

    public init(status: Int, slug: String, title: String, detail: String,
                errors: [FieldError] = [], headers: [(String, String)] = []) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// `type` URI: a stable name per kind of problem, so clients can branch on it.
    public var type: String { "urn:taskmgr:problem:\(slug)" }

    public var json: JSONValue {
        var object = JSONObject([
            ("type", .string(type)),
            ("title", .string(title)),
            ("status", .number(String(status))),
            ("detail", .string(detail)),
        ])
        if !errors.isEmpty {
            object["errors"] = .array(errors.map { ["field": .string($0.field), "message": .string($0.message)] })
        }
        return .object(object)
    }

    public static func == (lhs: Problem, rhs: Problem) -> Bool {
        lhs.status == rhs.status && lhs.slug == rhs.slug && lhs.detail == rhs.detail && lhs.errors == rhs.errors
    }
}

extension Problem {
    public static func badRequest(_ detail: String) -> Problem {
        Problem(status: 400, slug: "bad-request", title: "Bad Request", detail: detail)
    }
    public static func invalidJSON(_ detail: String) -> Problem {
        Problem(status: 400, slug: "invalid-json", title: "Malformed JSON body", detail: detail)
    }
    public static func unauthorized(_ detail: String) -> Problem {
        Problem(status: 401, slug: "unauthorized", title: "Unauthorized", detail: detail,
                headers: [("WWW-Authenticate", "Bearer")])
    }
    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: 403, slug: "forbidden", title: "Forbidden", detail: detail)
    }
    public static func notFound(_ detail: String) -> Problem {
        Problem(status: 404, slug: "not-found", title: "Not Found", detail: detail)
    }
    public static func methodNotAllowed(_ allowed: [String]) -> Problem {
        Problem(status: 405, slug: "method-not-allowed", title: "Method Not Allowed",
                detail: "This route accepts \(allowed.joined(separator: ", ")).",
                headers: [("Allow", allowed.joined(separator: ", "))])
    }
    public static func conflict(_ detail: String) -> Problem {
        Problem(status: 409, slug: "conflict", title: "Conflict", detail: detail)
    }
    public static func unsupportedMediaType() -> Problem {
        Problem(status: 415, slug: "unsupported-media-type", title: "Unsupported Media Type",
                detail: "Send the body as application/json.")
    }
    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(status: 422, slug: "validation-failed", title: "Unprocessable Content",
                detail: "The request body has \(errors.count) invalid field\(errors.count == 1 ? "" : "s").",
                errors: errors)
    }
    public static func databaseUnavailable(retryAfterSeconds: Int = 5) -> Problem {
        Problem(status: 503, slug: "database-unavailable", title: "Service Unavailable",
                detail: "The task database is unavailable; retry shortly.",
                headers: [("Retry-After", String(retryAfterSeconds))])
    }
    public static func internalError() -> Problem {
        Problem(status: 500, slug: "internal-error", title: "Internal Server Error",
                detail: "taskmgr hit an unexpected error; it has been logged.")
    }
}
