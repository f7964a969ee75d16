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

    /// The map line: a regex on the whole Authorization header, because nginx compares
    /// plain map keys case-insensitively and a secret must match exactly. The scheme
    /// ("Bearer") is case-insensitive, as RFC 9110 says. nginx's maps in
    /// nginx/conf.d/taskmgr.conf split the value into role, user id and name.
    public var mapLine: String {
        let user = userID.map { $0.uuidString.lowercased() } ?? ""
        return "\"~^(?i:bearer) +\(secret)$\" \"role=\(role.rawValue);user=\(user);name=\(name)\";"
    }

    /// Parses a line `mapLine` wrote; nil for anything else (comments, hand-written lines).
    public init?(mapLine line: String) {
        let pattern = #"^"~\^\(\?i:bearer\) \+(tm_[A-Za-z0-9_-]+)\$" "role=(authenticated|service_role);user=([0-9a-fA-F-]*);name=([A-Za-z0-9._-]{1,64})";$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
              match.numberOfRanges == 5
        else { return nil }
        func group(_ index: Int) -> String {
            guard let range = Range(match.range(at: index), in: line) else { return "" }
            return String(line[range])
        }
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
