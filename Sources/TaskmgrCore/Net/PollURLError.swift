/// Why a poll URL was refused, with a message a client can act on (it becomes the
/// `message` of a 422 field error on `poll_url`).
public struct PollURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, Equatable {
        case tooLong, invalidCharacters, unsupportedScheme, missingHost, userinfo, invalidPort,
             fragment, invalidHost, nonCanonicalIPv4, refusedAddress
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
