/// Decides which addresses taskmgr may connect to when it polls a job's URL: only
/// globally reachable ones, unless the operator opened a range on purpose.
///
/// Everything in the IANA special-purpose registries that is not globally reachable is
/// refused (loopback, private, link-local and cloud metadata, CGNAT, documentation,
/// benchmarking, multicast, reserved, unspecified, unique-local, …). Addresses that carry
/// an IPv4 address inside (IPv4-mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`, 6to4
/// `2002::/16`) are judged by that IPv4 address, so `[::ffff:127.0.0.1]` is loopback.
public struct AddressPolicy: Sendable, Equatable {
    /// Networks the operator explicitly allows even though they are not public
    /// (`TASKMGR_POLL_ALLOW_CIDRS`), e.g. a private job API at `10.20.0.0/16`.
    public let allow: [CIDR]

    public init(allow: [CIDR] = []) {
        self.allow = allow
    }

    /// The environment variable holding the allow-list, comma-separated CIDRs.
    public static let allowListVariable = "TASKMGR_POLL_ALLOW_CIDRS"

    /// Reads `TASKMGR_POLL_ALLOW_CIDRS` (comma-separated, blanks ignored); a malformed
    /// entry is an error rather than silently ignored, so a typo never widens or narrows
    /// the policy unnoticed.
    public static func fromEnvironment(_ env: [String: String]) throws(AddressPolicyError) -> AddressPolicy {
        guard let raw = env[allowListVariable] else { return AddressPolicy() }
        var networks: [CIDR] = []
        for item in raw.split(separator: ",") {
            let text = String(item).trimmingASCIISpaces()
            if text.isEmpty { continue }
            guard let network = CIDR(text) else { throw AddressPolicyError(entry: text) }
            networks.append(network)
        }
        return AddressPolicy(allow: networks)
    }

    /// Allowed when the address is public, or inside an allow-listed network (an
    /// IPv4-mapped address also matches an IPv4 allow-list entry: it reaches the same host).
    public func verdict(_ address: IPAddress) -> AddressVerdict {
        let unwrapped = address.ipv4Mapped ?? address
        if allow.contains(where: { $0.contains(address) || $0.contains(unwrapped) }) { return .allowed }
        return AddressPolicy.publicVerdict(address)
    }

    /// The verdict without any allow-list: is this address globally reachable?
    static func publicVerdict(_ address: IPAddress) -> AddressVerdict {
        if case .v4 = address {
            return refusal(in: SpecialPurposeRanges.ipv4, for: address) ?? .allowed
        }
        if let embedded = embeddedIPv4(in: address) {
            switch publicVerdict(embedded.address) {
            case .allowed: return .allowed
            case .refused(let reason): return .refused(reason: "\(reason) (\(embedded.form) of \(embedded.address))")
            }
        }
        if let refused = refusal(in: SpecialPurposeRanges.ipv6, for: address) { return refused }
        if SpecialPurposeRanges.ipv6IETFAssignments.contains(address) {
            let isGlobal = SpecialPurposeRanges.ipv6GlobalInsideIETF.contains { $0.contains(address) }
            return isGlobal ? .allowed : .refused(reason: "IETF protocol assignment")
        }
        if !SpecialPurposeRanges.ipv6GlobalUnicast.contains(address) { return .refused(reason: "reserved") }
        return .allowed
    }

    private static func refusal(in table: [SpecialPurposeRanges.Entry], for address: IPAddress) -> AddressVerdict? {
        table.first { $0.network.contains(address) }.map { .refused(reason: $0.reason) }
    }

    /// The IPv4 address a translating or tunnelling IPv6 form delivers to.
    private static func embeddedIPv4(in address: IPAddress) -> (address: IPAddress, form: String)? {
        guard case .v6(let high, let low) = address else { return nil }
        if let mapped = address.ipv4Mapped { return (mapped, "IPv4-mapped form") }
        if SpecialPurposeRanges.nat64WellKnown.contains(address) {
            return (.v4(UInt32(truncatingIfNeeded: low)), "NAT64 form")
        }
        if SpecialPurposeRanges.sixToFour.contains(address) {
            return (.v4(UInt32(truncatingIfNeeded: high >> 16)), "6to4 form")
        }
        return nil
    }
}

/// A `TASKMGR_POLL_ALLOW_CIDRS` entry that is not a CIDR.
public struct AddressPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let entry: String
    public var description: String {
        "\(AddressPolicy.allowListVariable): '\(entry)' is not a network such as 10.0.0.0/8 or fd00::/8"
    }
}
