import Foundation

/// Who is asking, as nginx established it from the Bearer token.
///
/// The database decides what this identity may do: every request switches to `role` and
/// sets `request.jwt.claims` exactly as PostgREST does, so row-level security applies.
public struct RequestIdentity: Sendable, Equatable {
    /// The database roles a token can map to. `anon` exists in the database but nginx never
    /// passes it: a request without a valid token is refused before any executable runs.
    public enum Role: String, Sendable {
        case authenticated
        case serviceRole = "service_role"
    }

    public var role: Role
    public var userID: UUID?
    /// The token's name (never its secret), recorded as the actor of status changes.
    public var tokenName: String?
    /// Where the change came from: `api` for HTTP requests, `taskctl` for the admin tool.
    public var origin: String

    public init(role: Role, userID: UUID? = nil, tokenName: String? = nil, origin: String = "api") {
        self.role = role
        self.userID = userID
        self.tokenName = tokenName
        self.origin = origin
    }

    /// The JWT claims Supabase's `auth.role()`, `auth.uid()` and `auth.jwt()` read.
    public var claimsJSON: String {
        var claims = JSONObject([("role", .string(role.rawValue))])
        if let userID { claims["sub"] = .string(userID.uuidString.lowercased()) }
        return JSONValue.object(claims).serialized()
    }

    /// What the status history records as the cause of a change.
    public var actor: String {
        "\(origin):\(tokenName ?? role.rawValue)"
    }
}
