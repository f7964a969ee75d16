/// A job status URL taskmgr is willing to poll: http or https, a plain host, no tricks.
///
/// `validate` runs twice in a task's life: at create time (so a client learns at once that
/// `http://127.1/` will never be polled) and before every poll, where the monitor's HTTP
/// client also resolves a DNS name and checks each address it would connect to.
public struct PollURL: Sendable, Equatable {
    public enum Host: Sendable, Equatable {
        /// A DNS name, lowercased; its addresses are only known after resolution.
        case name(String)
        /// A literal address (`203.0.113.9` or `[2001:db8::1]`).
        case address(IPAddress)
    }

    /// The URL as given (already validated), which is what the client sends on the wire.
    public let string: String
    /// `http` or `https`, lowercased.
    public let scheme: String
    public let host: Host
    /// The explicit port, or 80/443 from the scheme.
    public let port: Int
    /// Path and query, at least `/`.
    public let pathAndQuery: String

    /// The longest URL accepted, a common limit of servers and proxies.
    public static let maxLength = 2048

    /// The host as curl and DNS see it: a name, a dotted quad, or an IPv6 address without brackets.
    public var hostName: String {
        switch host {
        case .name(let name): return name
        case .address(let address): return address.description
        }
    }

    /// Checks the URL; a literal address must pass `policy` (at create time: no allow-list,
    /// so loopback and private literals are refused at once; a name is checked per poll).
    public static func validate(_ string: String, policy: AddressPolicy = AddressPolicy()) -> Result<PollURL, PollURLError> {
        do {
            return .success(try PollURLParser(string, policy: policy).parse())
        } catch {
            return .failure(error)
        }
    }
}
