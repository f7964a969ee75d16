/// The database role a token stands for; nginx passes it to the routes as `TASKMGR_ROLE`.
/// `anon` has no token: a request without one never gets past nginx.
public enum TokenRole: String, Sendable, CaseIterable {
    case authenticated
    case serviceRole = "service_role"
}
