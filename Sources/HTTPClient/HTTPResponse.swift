/// A complete response, whatever its status: a 3xx, 4xx or 5xx is returned as is, because
/// deciding what it means (redirects are never followed) is the monitor's job.
public struct HTTPResponse: Sendable {
    public let status: Int
    /// Header fields of the final response, names lowercased, in the order received.
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }
}
