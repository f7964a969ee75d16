/// One request/response exchange, the same in FastCGI and CGI mode: plan the body from
/// CONTENT_LENGTH, read it, refuse what is too large (413) or cut short (400), otherwise
/// call the handler.
enum Exchange {
    /// - Parameter readBody: reads up to the given count of bytes; fewer means the body ended.
    static func respond(
        params: [String: String],
        maxBodyBytes: Int,
        label: String,
        readBody: (Int) -> [UInt8],
        handler: FastCGIHandler
    ) -> FastCGIResponse {
        switch BodyPlan.plan(contentLength: params["CONTENT_LENGTH"], maxBodyBytes: maxBodyBytes) {
        case .reject(let status, let detail):
            Log.warning(label, detail, [("event", "request_refused"), ("status", "\(status)"),
                                        ("content_length", params["CONTENT_LENGTH"] ?? "")])
            return .problem(status: status, detail: detail)
        case .read(let length):
            let body = length > 0 ? readBody(length) : []
            guard body.count == length else {
                let detail = "The request body ended after \(body.count) of \(length) bytes."
                Log.warning(label, detail, [("event", "request_refused"), ("status", "400")])
                return .problem(status: 400, detail: detail)
            }
            return handler(FastCGIRequest(params: params, body: body))
        }
    }
}
