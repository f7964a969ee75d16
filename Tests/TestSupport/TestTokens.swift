import Foundation

/// The three tokens of a test stack and the nginx token map that admits them.
///
/// The map lines have the exact shape `taskctl token add` writes (TaskmgrCore's
/// `TokenEntry.mapLine`); TestSupport can't depend on TaskmgrCore, so the shape is repeated
/// here, and `NginxAuthTests` adds a token with `taskctl` beside these and uses both.
public struct TestTokens: Sendable {
    public let service: String
    public let authenticated: String
    public let user: String
    public let userID: UUID

    public init() {
        service = Self.randomSecret()
        authenticated = Self.randomSecret()
        user = Self.randomSecret()
        userID = UUID()
    }

    /// The token map file's contents.
    public var mapFile: String {
        [
            Self.mapLine(secret: service, role: "service_role", userID: nil, name: "test-service"),
            Self.mapLine(secret: authenticated, role: "authenticated", userID: nil, name: "test-authenticated"),
            Self.mapLine(secret: user, role: "authenticated", userID: userID, name: "test-user"),
        ].joined(separator: "\n") + "\n"
    }

    /// One map entry: the Authorization header nginx looks up (case-insensitively) and
    /// the caller, repeating the secret for nginx's exact-case check.
    public static func mapLine(secret: String, role: String, userID: UUID?, name: String) -> String {
        let user = userID.map { $0.uuidString.lowercased() } ?? ""
        return "\"Bearer \(secret)\" \"role=\(role);user=\(user);name=\(name);secret=\(secret)\";"
    }

    /// `tm_` + 32 random bytes in base64url without padding.
    public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "tm_" + base64
    }
}
