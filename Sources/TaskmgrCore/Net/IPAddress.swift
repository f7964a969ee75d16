/// An IPv4 or IPv6 address as plain numbers, so the SSRF guard can reason about ranges
/// without touching the socket API or trusting a platform parser's lenient forms.
///
/// Parsing is strict on purpose: IPv4 only as a canonical dotted quad (`127.0.0.1`, not
/// `127.1`, `0x7f000001`, `0177.0.0.1` or `2130706433`), IPv6 as RFC 4291 text without a
/// zone (`%eth0`). The lenient forms are exactly the ones attackers use to sneak a private
/// address past a naive check.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, most significant octet first (`127.0.0.1` is `0x7F00_0001`).
    case v4(UInt32)
    /// An IPv6 address as two 64-bit halves, most significant first.
    case v6(high: UInt64, low: UInt64)

    /// Parses a canonical dotted-quad IPv4 address or an IPv6 address (no brackets, no zone).
    public init?(_ text: String) {
        if let v4 = IPAddress.parseIPv4(Substring(text)) {
            self = .v4(v4)
        } else if let v6 = IPAddress.parseIPv6(Substring(text)) {
            self = .v6(high: v6.high, low: v6.low)
        } else {
            return nil
        }
    }

    /// Builds an address from its network-order bytes (4 for IPv4, 16 for IPv6).
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self = .v6(high: high, low: low)
        default:
            return nil
        }
    }

    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value):
            return (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        case .v6(let high, let low):
            return (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
                + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        }
    }

    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// The bit width of the address family: 32 or 128.
    public var bitWidth: Int { isIPv4 ? 32 : 128 }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), which a
    /// dual-stack socket connects to as that IPv4 address.
    public var ipv4Mapped: IPAddress? {
        guard case .v6(let high, let low) = self, high == 0, low >> 32 == 0xFFFF else { return nil }
        return .v4(UInt32(truncatingIfNeeded: low))
    }

    /// Text form: dotted quad for IPv4, RFC 5952 for IPv6 (lowercase, longest zero run as `::`).
    public var description: String {
        switch self {
        case .v4:
            return bytes.map(String.init).joined(separator: ".")
        case .v6(let high, let low):
            if let mapped = ipv4Mapped { return "::ffff:\(mapped)" }
            return IPAddress.formatIPv6(high: high, low: low)
        }
    }
}
