/// Why a request produced no response. `message` is safe to store in a task's
/// `error_message`: it names the host and the reason, never a credential.
public enum HTTPFailure: Error, Sendable, Equatable {
    /// The SSRF guard refused every address of the host (the reason says which and why).
    case refused(String)
    /// The URL is not one taskmgr polls (scheme, userinfo, odd host forms, …).
    case invalidURL(String)
    /// Name resolution, connection or TLS failed.
    case connect(String)
    /// The connect or total timeout expired.
    case timeout
    /// The response body or headers exceeded `maxResponseBytes`.
    case responseTooLarge
    case other(String)

    public var message: String {
        switch self {
        case .refused(let reason): return "refused by the address policy: \(reason)"
        case .invalidURL(let reason): return "invalid URL: \(reason)"
        case .connect(let reason): return "connection failed: \(reason)"
        case .timeout: return "timed out"
        case .responseTooLarge: return "response too large"
        case .other(let reason): return reason
        }
    }
}
