import Foundation

/// One token in nginx's token map: the secret nginx compares the Authorization header
/// with, and who the caller is (role, optional user id, a name for logs and history).
public struct TokenEntry: Sendable, Equatable {
    public var name: String
    public var role: TokenRole
    public var userID: UUID?
    public var secret: String

    public init(name: String, role: TokenRole, userID: UUID? = nil, secret: String) {
        self.name = name
        self.role = role
        self.userID = userID
        self.secret = secret
    }

    /// Names appear in logs, in the status history's `actor`, and in the nginx map, so
    /// they are kept to characters that need no quoting anywhere.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }

    /// The map line: the Authorization header nginx looks up, and the caller it stands
    /// for. nginx's map lookup ignores case, so the value repeats the secret and a second
    /// map in nginx/conf.d/taskmgr.conf checks the header carries it exactly.
    public var mapLine: String {
        let user = userID.map { $0.uuidString.lowercased() } ?? ""
        return "\"Bearer \(secret)\" \"role=\(role.rawValue);user=\(user);name=\(name);secret=\(secret)\";"
    }

    /// Parses a line `mapLine` wrote; nil for anything else (comments, hand-written lines).
    public init?(mapLine line: String) {
        let pattern = #"^"Bearer (tm_[A-Za-z0-9_-]+)" "role=(authenticated|service_role);user=([0-9a-fA-F-]*);name=([A-Za-z0-9._-]{1,64});secret=(tm_[A-Za-z0-9_-]+)";$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
              match.numberOfRanges == 6
        else { return nil }
        func group(_ index: Int) -> String {
            guard let range = Range(match.range(at: index), in: line) else { return "" }
            return String(line[range])
        }
        guard group(1) == group(5) else { return nil }
        guard let role = TokenRole(rawValue: group(2)) else { return nil }
        let userText = group(3)
        var userID: UUID? = nil
        if !userText.isEmpty {
            guard let parsed = UUID(uuidString: userText) else { return nil }
            userID = parsed
        }
        self.init(name: group(4), role: role, userID: userID, secret: group(1))
    }
}
