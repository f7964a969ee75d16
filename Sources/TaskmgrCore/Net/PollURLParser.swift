import Foundation

/// The hand-written parser behind `PollURL.validate`. Hand-written because Foundation's
/// `URL` accepts forms curl and browsers read differently (backslashes, numeric hosts,
/// userinfo), and the guard has to see the URL exactly as the HTTP client will.
struct PollURLParser {
    let input: String
    let policy: AddressPolicy

    init(_ input: String, policy: AddressPolicy) {
        self.input = input
        self.policy = policy
    }

    func parse() throws(PollURLError) -> PollURL {
        guard input.utf8.count <= PollURL.maxLength else {
            throw PollURLError(.tooLong, "poll_url is longer than \(PollURL.maxLength) characters")
        }
        guard input.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }) else {
            throw PollURLError(.invalidCharacters, "poll_url may contain only printable ASCII without spaces or backslashes; percent-encode other characters")
        }
        guard let schemeEnd = input.range(of: "://") else {
            throw PollURLError(.unsupportedScheme, "poll_url must be an absolute http or https URL")
        }
        let scheme = input[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw PollURLError(.unsupportedScheme, "poll_url must use http or https")
        }
        guard !input.contains("#") else {
            throw PollURLError(.fragment, "poll_url must not contain a fragment (#…)")
        }
        let rest = input[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var pathAndQuery = String(rest[authorityEnd...])
        if pathAndQuery.isEmpty { pathAndQuery = "/" } else if pathAndQuery.first == "?" { pathAndQuery = "/" + pathAndQuery }
        try checkPercentEncoding(pathAndQuery)
        guard !authority.contains("@") else {
            throw PollURLError(.userinfo, "poll_url must not contain a user name or password (user@host); name a credential with poll_auth instead")
        }
        let (hostText, portText) = try splitHostAndPort(authority)
        let host = try parseHost(hostText)
        let port = try parsePort(portText, scheme: scheme)
        return PollURL(string: input, scheme: scheme, host: host, port: port, pathAndQuery: pathAndQuery)
    }

    private func splitHostAndPort(_ authority: Substring) throws(PollURLError) -> (Substring, Substring?) {
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else {
                throw PollURLError(.invalidHost, "poll_url has an unterminated [IPv6] host")
            }
            let host = authority[authority.startIndex...close]
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.first == ":" else { throw PollURLError(.invalidHost, "poll_url has text after its [IPv6] host") }
            return (host, after.dropFirst())
        }
        guard let colon = authority.firstIndex(of: ":") else { return (authority, nil) }
        return (authority[..<colon], authority[authority.index(after: colon)...])
    }

    private func parsePort(_ text: Substring?, scheme: String) throws(PollURLError) -> Int {
        guard let text else { return scheme == "https" ? 443 : 80 }
        guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(text), (1...65535).contains(port) else {
            throw PollURLError(.invalidPort, "poll_url port must be a number from 1 to 65535")
        }
        return port
    }

    private func parseHost(_ text: Substring) throws(PollURLError) -> PollURL.Host {
        guard !text.isEmpty else { throw PollURLError(.missingHost, "poll_url has no host") }
        if text.first == "[" {
            guard let address = IPAddress.parseIPv6(text.dropFirst().dropLast()).map({ IPAddress.v6(high: $0.high, low: $0.low) }) else {
                throw PollURLError(.invalidHost, "poll_url host \(text) is not a valid IPv6 address (zones such as %eth0 are not allowed)")
            }
            return .address(try checked(address, written: String(text)))
        }
        if let v4 = IPAddress.parseIPv4(text) {
            return .address(try checked(.v4(v4), written: String(text)))
        }
        let name = text.lowercased()
        if HostNameRules.looksNumeric(name) {
            throw PollURLError(.nonCanonicalIPv4, "poll_url host \(text) is an IPv4 address in a non-standard form; write it as four decimal numbers such as 203.0.113.9")
        }
        guard HostNameRules.isValid(name) else {
            throw PollURLError(.invalidHost, "poll_url host \(text) is not a valid host name (letters, digits, hyphens and dots; use punycode for international names)")
        }
        return .name(name)
    }

    private func checked(_ address: IPAddress, written: String) throws(PollURLError) -> IPAddress {
        if case .refused(let reason) = policy.verdict(address) {
            throw PollURLError(.refusedAddress, "poll_url host \(written) is a \(reason) address; taskmgr polls only public addresses")
        }
        return address
    }

    private func checkPercentEncoding(_ text: String) throws(PollURLError) {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, bytes[index + 1].isHexDigitASCII, bytes[index + 2].isHexDigitASCII else {
                    throw PollURLError(.invalidCharacters, "poll_url has a % that is not followed by two hex digits")
                }
                index += 3
            } else {
                index += 1
            }
        }
    }
}

extension UInt8 {
    var isHexDigitASCII: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
