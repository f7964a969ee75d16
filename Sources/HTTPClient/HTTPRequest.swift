/// One request for `HTTPClient.perform`: what the monitor sends to a job's status URL or to Slack.
public struct HTTPRequest: Sendable {
    public var url: String
    /// `GET`, `POST`, `HEAD` or any other token; the body is sent whenever it is non-empty or the method is `POST`.
    public var method: String
    /// Sent in order; a header whose name or value contains CR or LF fails the request instead of being sent.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(url: String, method: String = "GET", headers: [(String, String)] = [], body: [UInt8] = []) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}
