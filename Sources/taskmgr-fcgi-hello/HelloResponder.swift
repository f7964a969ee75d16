import FastCGI
import Foundation

/// The hello route's answers:
/// - `/echo`: the request as the FastCGI layer parsed it, as JSON (tests check parsing end to end);
/// - `/sleep?seconds=S`: answers after S seconds (at most 30), so tests can stop a server
///   while a request is in flight;
/// - anything else: `200 text/plain "hello\n"`, the benchmark ceiling.
enum HelloResponder {
    static func respond(_ request: FastCGIRequest) -> FastCGIResponse {
        switch request.path {
        case "/echo": echo(request)
        case "/sleep": sleep(request)
        default: hello
        }
    }

    private static let hello = FastCGIResponse(
        status: 200, headers: [("Content-Type", "text/plain")], body: Array("hello\n".utf8))

    private static func sleep(_ request: FastCGIRequest) -> FastCGIResponse {
        let seconds = min(30, max(0, Double(request.queryValue("seconds") ?? "1") ?? 1))
        usleep(useconds_t(seconds * 1_000_000))
        return .text("slept \(request.queryValue("seconds") ?? "1")\n")
    }

    /// The params an echo may show: request data only, never the process environment
    /// (in CGI mode the params *are* the environment, which may hold DATABASE_URL).
    private static let echoedParamPrefixes = ["HTTP_", "TASKMGR_", "CONTENT_", "REQUEST_", "DOCUMENT_", "QUERY_STRING"]

    private struct Echo: Encodable {
        struct Item: Encodable { let name: String; let value: String }
        let method: String
        let path: String
        let query: String
        let query_items: [Item]
        let content_type: String?
        let body: String
        let body_bytes: Int
        let params: [String: String]
    }

    private static func echo(_ request: FastCGIRequest) -> FastCGIResponse {
        let params = request.params.filter { name, _ in echoedParamPrefixes.contains { name.hasPrefix($0) } }
        let echo = Echo(
            method: request.method, path: request.path, query: request.query,
            query_items: request.queryItems.map { Echo.Item(name: $0.name, value: $0.value) },
            content_type: request.header("content-type"),
            body: String(decoding: request.body, as: UTF8.self), body_bytes: request.body.count,
            params: params)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(echo) else {
            return .problem(status: 500, detail: "echo could not be encoded")
        }
        return .json(Array(data))
    }
}
