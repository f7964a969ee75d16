import Foundation

/// A token's secret: `tm_` and 32 random bytes in base64url without padding (46 characters).
///
/// The prefix makes a leaked token easy to recognise (and to scan for); base64url needs no
/// quoting in an HTTP header, a shell or the nginx map.
public enum TokenSecret {
    public static let prefix = "tm_"
    /// Random bytes per secret: 256 bits.
    public static let byteCount = 32

    /// A new secret from the system's random source (`getrandom`).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// Whether `text` has the shape of a secret this type makes (so it is safe inside the
    /// nginx map's regex without escaping).
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let body = text.dropFirst(prefix.count)
        return body.count == 43 && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// RFC 4648 §5 base64url, no padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
