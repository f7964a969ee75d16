/// The rules for a DNS host name in a poll URL, and the test that catches numeric hosts
/// that resolvers (`inet_aton`) and browsers (WHATWG URL) would read as an IPv4 address.
enum HostNameRules {
    /// RFC 1123 labels: letters, digits and hyphens, 1–63 each, not starting or ending with
    /// a hyphen; at most 253 characters; one trailing dot allowed (a fully qualified name).
    static func isValid(_ name: String) -> Bool {
        var trimmed = Substring(name)
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty, trimmed.count <= 253 else { return false }
        for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1...63).contains(label.count), label.first != "-", label.last != "-" else { return false }
            guard label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return false }
        }
        return true
    }

    /// True when the last label is a number (decimal, `0x` hex or leading-zero octal):
    /// WHATWG URL then parses the whole host as IPv4, and `inet_aton` takes `127.1`,
    /// `0177.0.0.1`, `0x7f000001` and `2130706433` as 127.0.0.1. Such hosts are refused.
    static func looksNumeric(_ name: String) -> Bool {
        var trimmed = Substring(name)
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        guard let last = trimmed.split(separator: ".", omittingEmptySubsequences: false).last, !last.isEmpty else { return false }
        if last.hasPrefix("0x") { return last.dropFirst(2).allSatisfy { $0.isASCII && $0.isHexDigit } }
        return last.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
