/// When to poll a task next, after a good answer or after an error.
///
/// Errors back off exponentially (`base * 2^(n-1)`, capped) with ±`jitter` so many tasks
/// that failed together against one API don't all come back in the same second; a server's
/// `Retry-After` is a floor, never shortened by jitter.
public struct Backoff: Sendable, Equatable {
    /// The first delay after an error, in seconds.
    public var baseSeconds: Double
    /// The longest delay after errors, in seconds.
    public var capSeconds: Double
    /// The relative spread, 0.2 = ±20 %.
    public var jitter: Double

    public init(baseSeconds: Double = 60, capSeconds: Double = 3600, jitter: Double = 0.2) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
        self.jitter = jitter
    }

    /// The delay after the `consecutiveErrors`-th error in a row (1 = the first).
    /// `random` is a value in 0..<1 (injected so tests can pin it).
    public func delayAfterError(consecutiveErrors: Int, retryAfterSeconds: Double?, random: Double) -> Double {
        let exponent = Double(max(0, min(consecutiveErrors - 1, 30)))
        let raw = min(baseSeconds * pow2(exponent), capSeconds)
        let jittered = raw * (1 + jitter * (2 * random - 1))
        return max(jittered, retryAfterSeconds ?? 0)
    }

    /// The delay after a "still running" answer: the task's own interval, else the default,
    /// and at least the server's `Retry-After`.
    public static func delayWhileRunning(intervalSeconds: Double, retryAfterSeconds: Double?) -> Double {
        max(intervalSeconds, retryAfterSeconds ?? 0)
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
