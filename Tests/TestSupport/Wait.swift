import Foundation

/// Polling waits for things that happen in another process (a socket appearing, a log line),
/// where there is nothing to block on.
public enum Wait {
    /// Checks `condition` every `interval` seconds until it holds or `timeout` seconds pass.
    /// Returns whether it held.
    @discardableResult
    public static func until(
        timeout: Double, interval: Double = 0.02, _ condition: () throws -> Bool
    ) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try condition() { return true }
            if Date() >= deadline { return false }
            usleep(useconds_t(interval * 1_000_000))
        }
    }
}
