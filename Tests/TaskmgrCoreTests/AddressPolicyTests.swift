import Testing
@testable import TaskmgrCore

@Suite("AddressPolicy")
struct AddressPolicyTests {
    let policy = AddressPolicy()

    func verdict(_ text: String, _ policy: AddressPolicy = AddressPolicy()) -> AddressVerdict {
        guard let address = IPAddress(text) else {
            Issue.record("\(text) did not parse as an address")
            return .allowed
        }
        return policy.verdict(address)
    }

    @Test("non-public IPv4 ranges are refused with their reason", arguments: [
        ("127.0.0.1", "loopback"), ("127.255.255.254", "loopback"),
        ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"),
        ("169.254.169.254", "cloud metadata"), ("169.254.1.1", "link-local"),
        ("100.100.100.200", "cloud metadata"), ("100.64.0.1", "shared address space (CGNAT)"), ("100.127.255.255", "shared address space (CGNAT)"),
        ("0.0.0.0", "unspecified (this network)"), ("0.1.2.3", "unspecified (this network)"),
        ("192.0.0.8", "IETF protocol assignment"), ("192.0.2.10", "documentation"), ("198.51.100.7", "documentation"),
        ("203.0.113.9", "documentation"), ("198.18.0.1", "benchmarking"), ("198.19.255.255", "benchmarking"),
        ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("240.0.0.1", "reserved"),
        ("255.255.255.255", "broadcast"), ("192.88.99.1", "reserved (6to4 relay anycast)"),
    ])
    func refusesSpecialIPv4(address: String, reason: String) {
        #expect(verdict(address) == .refused(reason: reason))
    }

    @Test("public IPv4 addresses, including neighbours of special ranges, are allowed", arguments: [
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
        "169.253.255.255", "192.167.255.255", "198.17.255.255", "198.20.0.0", "223.255.255.255", "11.0.0.0",
    ])
    func allowsPublicIPv4(address: String) {
        #expect(verdict(address) == .allowed)
    }

    @Test("non-public IPv6 ranges and embedded IPv4 forms are refused", arguments: [
        ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"), ("fc00::1", "unique local (private)"),
        ("fd12:3456::1", "unique local (private)"), ("ff02::1", "multicast"), ("2001:db8::1", "documentation"),
        ("100::1", "discard-only"), ("fec0::1", "site-local (deprecated)"), ("64:ff9b:1::a00:1", "local-use NAT64"),
        ("2001::1", "Teredo tunnel"), ("2001:2::1", "benchmarking"), ("2001:10::1", "IETF protocol assignment"),
        ("fd00:ec2::254", "cloud metadata"), ("::7f00:1", "reserved"), ("4000::1", "reserved"),
        ("::ffff:127.0.0.1", "loopback (IPv4-mapped form of 127.0.0.1)"),
        ("::ffff:7f00:1", "loopback (IPv4-mapped form of 127.0.0.1)"),
        ("::ffff:a9fe:a9fe", "cloud metadata (IPv4-mapped form of 169.254.169.254)"),
        ("64:ff9b::7f00:1", "loopback (NAT64 form of 127.0.0.1)"),
        ("64:ff9b::10.0.0.1", "private (NAT64 form of 10.0.0.1)"),
        ("2002:7f00:1::", "loopback (6to4 form of 127.0.0.1)"),
        ("2002:c0a8:0101::1", "private (6to4 form of 192.168.1.1)"),
    ])
    func refusesSpecialIPv6(address: String, reason: String) {
        #expect(verdict(address) == .refused(reason: reason))
    }

    @Test("public IPv6 addresses and public embedded IPv4 are allowed", arguments: [
        "2606:4700:4700::1111", "2a00:1450:4001:81b::200e", "64:ff9b::808:808", "2002:808:808::1",
        "::ffff:8.8.8.8", "2001:4:112::1", "2001:1::1",
    ])
    func allowsPublicIPv6(address: String) {
        #expect(verdict(address) == .allowed)
    }

    @Test("an allow-list opens exactly its ranges")
    func allowListOpensRanges() throws {
        let open = try AddressPolicy.fromEnvironment(["TASKMGR_POLL_ALLOW_CIDRS": " 127.0.0.0/8, 10.20.0.0/16 ,fd00::/8,"])
        #expect(open.allow.count == 3)
        #expect(verdict("127.0.0.1", open) == .allowed)
        #expect(verdict("::ffff:127.0.0.1", open) == .allowed)
        #expect(verdict("10.20.5.5", open) == .allowed)
        #expect(verdict("fd00::5", open) == .allowed)
        #expect(verdict("10.21.0.1", open) == .refused(reason: "private"))
        #expect(verdict("::1", open) == .refused(reason: "loopback"))
        #expect(verdict("169.254.169.254", open) == .refused(reason: "cloud metadata"))
    }

    @Test("a malformed allow-list entry is an error, and no variable means no allow-list")
    func malformedAllowList() throws {
        #expect(throws: AddressPolicyError(entry: "10.0.0.0/33")) {
            try AddressPolicy.fromEnvironment(["TASKMGR_POLL_ALLOW_CIDRS": "127.0.0.0/8,10.0.0.0/33"])
        }
        #expect(throws: AddressPolicyError(entry: "localhost")) {
            try AddressPolicy.fromEnvironment(["TASKMGR_POLL_ALLOW_CIDRS": "localhost"])
        }
        #expect(try AddressPolicy.fromEnvironment([:]).allow.isEmpty)
    }

    @Test("addresses parse strictly and format canonically", arguments: [
        ("127.0.0.1", "127.0.0.1"), ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"), ("::ffff:7f00:1", "::ffff:127.0.0.1"),
        ("fe80:0:0:1:0:0:0:1", "fe80:0:0:1::1"), ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"), ("::", "::"), ("1::", "1::"),
    ])
    func parsesAndFormats(text: String, formatted: String) {
        #expect(IPAddress(text)?.description == formatted)
    }

    @Test("lenient and malformed address forms do not parse", arguments: [
        "127.1", "0177.0.0.1", "0x7f.0.0.1", "2130706433", "127.0.0.01", "256.0.0.1", "1.2.3.4.5", "1.2.3.",
        ":::", "1::2::3", "12345::", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "::ffff:127.1", "", "g::1",
    ])
    func rejectsMalformed(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("CIDR containment respects prefix and family")
    func cidrContainment() throws {
        let network = try #require(CIDR("10.1.2.3/8"))
        #expect(network.description == "10.0.0.0/8")
        #expect(network.contains(IPAddress("10.255.0.1")!))
        #expect(!network.contains(IPAddress("11.0.0.1")!))
        #expect(!network.contains(IPAddress("::ffff:10.0.0.1")!))
        let v6 = try #require(CIDR("2001:db8::/33"))
        #expect(v6.contains(IPAddress("2001:db8:7fff::1")!))
        #expect(!v6.contains(IPAddress("2001:db8:8000::1")!))
        #expect(CIDR("::/0")!.contains(IPAddress("ffff::1")!))
        #expect(CIDR("1.2.3.4")?.prefixLength == 32)
        #expect(CIDR("1.2.3.4/") == nil)
    }
}
