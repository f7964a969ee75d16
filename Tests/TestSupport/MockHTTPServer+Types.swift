import Foundation

extension MockHTTPServer {
    /// What the server answers on a path: status, headers, body, and how (late, never, or
    /// without a length so only the connection close ends the body).
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// Seconds to wait before answering.
        public var delay: Double
        /// Never answer; hold the connection until the client gives up or the server stops.
        public var hang: Bool
        /// Close the connection after this response (`Connection: close`).
        public var closeConnection: Bool
        /// Send no `Content-Length`; the body ends when the connection closes.
        public var omitContentLength: Bool

        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], delay: Double = 0,
                    hang: Bool = false, closeConnection: Bool = false, omitContentLength: Bool = false) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.hang = hang
            self.closeConnection = closeConnection
            self.omitContentLength = omitContentLength
        }

        /// A JSON body with `Content-Type: application/json`.
        public static func json(_ text: String, status: Int = 200, headers: [(String, String)] = [], delay: Double = 0) -> Response {
            Response(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8), delay: delay)
        }

        /// A plain-text body.
        public static func text(_ text: String, status: Int = 200, headers: [(String, String)] = [], delay: Double = 0) -> Response {
            Response(status: status, headers: [("Content-Type", "text/plain")] + headers, body: Array(text.utf8), delay: delay)
        }

        /// A redirect to `location` (which a safe client must not follow on its own).
        public static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }

        /// Never answers.
        public static let hang = Response(hang: true)

        /// The default for paths nobody scripted.
        public static let notFound = Response.text("not found", status: 404)
    }

    /// One request as the server received it.
    public struct Request: Sendable {
        public let method: String
        /// The request target as sent: path and query.
        public let target: String
        /// The path without the query.
        public let path: String
        /// Header fields as received, names lowercased.
        public let headers: [(name: String, value: String)]
        public let body: [UInt8]
        /// Which accepted connection (1, 2, …) carried it: equal numbers mean a reused connection.
        public let connection: Int

        /// The first value of a header by case-insensitive name.
        public func header(_ name: String) -> String? {
            let wanted = name.lowercased()
            return headers.first { $0.name == wanted }?.value
        }

        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// Answers a request with code instead of a fixed script. Runs on the connection's thread.
    public typealias Handler = @Sendable (Request) -> Response
}
