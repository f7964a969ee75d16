import Testing
@testable import TaskmgrCore

@Suite("PollURL")
struct PollURLTests {
    func reason(_ text: String, _ policy: AddressPolicy = AddressPolicy()) -> PollURLError.Reason? {
        if case .failure(let error) = PollURL.validate(text, policy: policy) { return error.reason }
        return nil
    }

    @Test("good URLs are accepted and taken apart")
    func acceptsGoodURLs() throws {
        let url = try PollURL.validate("HTTPS://Jobs.Example.COM:8443/v1/jobs/42?x=%2F1").get()
        #expect(url.scheme == "https")
        #expect(url.host == .name("jobs.example.com"))
        #expect(url.port == 8443)
        #expect(url.pathAndQuery == "/v1/jobs/42?x=%2F1")
        #expect(url.string == "HTTPS://Jobs.Example.COM:8443/v1/jobs/42?x=%2F1")
        let plain = try PollURL.validate("http://example.com").get()
        #expect(plain.port == 80 && plain.pathAndQuery == "/")
        let literal = try PollURL.validate("http://[2606:4700:4700::1111]:8080/s").get()
        #expect(literal.host == .address(IPAddress("2606:4700:4700::1111")!) && literal.hostName == "2606:4700:4700::1111")
        #expect(try PollURL.validate("https://93.184.216.34/").get().port == 443)
    }

    @Test("odd forms of loopback are refused at create time", arguments: [
        ("http://2130706433/", PollURLError.Reason.nonCanonicalIPv4), ("http://0x7f000001/", .nonCanonicalIPv4),
        ("http://0177.0.0.1/", .nonCanonicalIPv4), ("http://127.1/", .nonCanonicalIPv4), ("http://127.0.1/", .nonCanonicalIPv4),
        ("http://0x7f.0.0.1/", .nonCanonicalIPv4), ("http://127.0.0.1./", .nonCanonicalIPv4),
        ("http://user:pw@example.com/", .userinfo), ("http://example.com@127.0.0.1/", .userinfo),
        ("http://[::ffff:7f00:1]/", .refusedAddress), ("http://[::1]:8080/", .refusedAddress),
        ("http://127.0.0.1/", .refusedAddress), ("http://169.254.169.254/latest/meta-data/", .refusedAddress),
        ("http://100.100.100.200/", .refusedAddress), ("http://10.0.0.1/", .refusedAddress), ("http://0.0.0.0/", .refusedAddress),
        ("http://[fe80::1%25eth0]/", .invalidHost), ("http://[::1/", .invalidHost),
    ])
    func refusesSneakyHosts(url: String, expected: PollURLError.Reason) {
        #expect(reason(url) == expected)
    }

    @Test("schemes, ports, fragments and characters are checked", arguments: [
        ("ftp://example.com/", PollURLError.Reason.unsupportedScheme), ("file:///etc/passwd", .unsupportedScheme),
        ("gopher://example.com/", .unsupportedScheme), ("example.com/status", .unsupportedScheme),
        ("http:///path", .missingHost), ("http://:80/", .missingHost),
        ("http://example.com:0/", .invalidPort), ("http://example.com:65536/", .invalidPort), ("http://example.com:/", .invalidPort),
        ("http://example.com:8o/", .invalidPort), ("http://example.com/#frag", .fragment),
        ("http://exa mple.com/", .invalidCharacters), ("http://example.com/\\..\\", .invalidCharacters),
        ("http://example.com/%zz", .invalidCharacters), ("http://exämple.com/", .invalidCharacters),
        ("http://-bad-.com/", .invalidHost), ("http://a..b/", .invalidHost), ("http://[::1]x/", .invalidHost),
    ])
    func refusesMalformed(url: String, expected: PollURLError.Reason) {
        #expect(reason(url) == expected)
    }

    @Test("length is limited to 2048")
    func lengthLimit() {
        let base = "https://example.com/"
        #expect(reason(base + String(repeating: "a", count: 2048 - base.count)) == nil)
        #expect(reason(base + String(repeating: "a", count: 2049 - base.count)) == .tooLong)
    }

    @Test("a DNS name is accepted at create time even if it may resolve to loopback")
    func namesAreCheckedLater() {
        #expect(reason("http://localhost:8080/") == nil)
        #expect(reason("http://jobs.internal/") == nil)
    }

    @Test("an allow-list lets a literal private address through")
    func allowListAppliesToLiterals() {
        let open = AddressPolicy(allow: [CIDR("127.0.0.0/8")!])
        #expect(reason("http://127.0.0.1:9000/", open) == nil)
        #expect(reason("http://[::ffff:127.0.0.1]:9000/", open) == nil)
        #expect(reason("http://127.1:9000/", open) == .nonCanonicalIPv4)
        #expect(reason("http://10.0.0.1/", open) == .refusedAddress)
    }

    @Test("the refusal message names the host and why, for a 422 field error")
    func messages() throws {
        guard case .failure(let error) = PollURL.validate("http://169.254.169.254/") else {
            Issue.record("metadata address accepted")
            return
        }
        #expect(error.message == "poll_url host 169.254.169.254 is a cloud metadata address; taskmgr polls only public addresses")
        guard case .failure(let odd) = PollURL.validate("http://0x7f000001/") else {
            Issue.record("hex host accepted")
            return
        }
        #expect(odd.message.contains("non-standard form"))
    }
}
