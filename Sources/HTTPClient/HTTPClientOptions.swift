import TaskmgrCore

/// Limits and policy for one `HTTPClient`. The defaults suit the monitor: a few polls at
/// once, at most two per job API host, short timeouts, 1 MiB answers.
public struct HTTPClientOptions: Sendable {
    /// Transfers in flight at once.
    public var maxConcurrent = 5
    /// Transfers in flight at once to one host (name and port).
    public var maxPerHost = 2
    /// Seconds to establish a connection (TCP and TLS).
    public var connectTimeout = 5.0
    /// Seconds for a whole transfer, from its start (not from when it was queued).
    public var totalTimeout = 20.0
    /// Largest body accepted; the same budget again bounds the headers.
    public var maxResponseBytes = 1 << 20
    /// Which addresses may be connected to (the SSRF guard).
    public var addressPolicy = AddressPolicy()
    public var userAgent = "taskmgr-monitor"

    public init() {}
}
