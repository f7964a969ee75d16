/// The IANA special-purpose address registries (IPv4 and IPv6), reduced to what the SSRF
/// guard needs: every range whose addresses are not globally reachable, with a short
/// reason a person understands. Ranges are checked in order, so a narrow entry with a
/// clearer reason (cloud metadata) sits before the wide one containing it.
///
/// Sources: https://www.iana.org/assignments/iana-ipv4-special-registry and
/// https://www.iana.org/assignments/iana-ipv6-special-registry, plus deprecated ranges
/// (site-local, 6to4 relay anycast) that are no longer globally meaningful.
enum SpecialPurposeRanges {
    struct Entry: Sendable {
        let network: CIDR
        let reason: String
    }

    static let ipv4: [Entry] = table([
        ("169.254.169.254/32", "cloud metadata"),
        ("100.100.100.200/32", "cloud metadata"),
        ("192.0.0.192/32", "cloud metadata"),
        ("0.0.0.0/8", "unspecified (this network)"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "shared address space (CGNAT)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol assignment"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "reserved (6to4 relay anycast)"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved"),
    ])

    /// IPv6 ranges refused outright. Embedded-IPv4 forms (IPv4-mapped, NAT64 `64:ff9b::/96`,
    /// 6to4 `2002::/16`) are not here: `AddressPolicy` unwraps them and judges the IPv4 inside.
    static let ipv6: [Entry] = table([
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("fd00:ec2::254/128", "cloud metadata"),
        ("64:ff9b:1::/48", "local-use NAT64"),
        ("100::/64", "discard-only"),
        ("100:0:0:1::/64", "reserved (dummy prefix)"),
        ("2001::/32", "Teredo tunnel"),
        ("2001:2::/48", "benchmarking"),
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
        ("5f00::/16", "segment routing (SRv6)"),
        ("fc00::/7", "unique local (private)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local (deprecated)"),
        ("ff00::/8", "multicast"),
    ])

    /// Globally reachable exceptions inside `2001::/23` (IETF protocol assignments).
    static let ipv6GlobalInsideIETF: [CIDR] = [
        "2001:1::1/128", "2001:1::2/128", "2001:1::3/128", "2001:3::/32",
        "2001:4:112::/48", "2001:20::/28", "2001:30::/28",
    ].map { CIDR($0)! }

    static let ipv6IETFAssignments = CIDR("2001::/23")!
    /// Everything outside global unicast `2000::/3` is unassigned or special in IPv6.
    static let ipv6GlobalUnicast = CIDR("2000::/3")!
    static let ipv4Mapped = CIDR("::ffff:0:0/96")!
    static let nat64WellKnown = CIDR("64:ff9b::/96")!
    static let sixToFour = CIDR("2002::/16")!

    private static func table(_ rows: [(String, String)]) -> [Entry] {
        rows.map { Entry(network: CIDR($0.0)!, reason: $0.1) }
    }
}
