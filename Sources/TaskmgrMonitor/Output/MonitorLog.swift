import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One-line log records on stderr (journald), swift-log's shape:
/// `timestamp level taskmgr-monitor: message`. Never given a secret: callers pass
/// credential and token *names* only.
public enum MonitorLog {
    /// Writes one line to fd 2 (the C `stderr` global isn't usable from Swift 6).
    public static func write(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    public static func info(_ message: String) { write(timestamp(Date()) + " info taskmgr-monitor: " + message) }
    public static func warning(_ message: String) { write(timestamp(Date()) + " warning taskmgr-monitor: " + message) }
    public static func error(_ message: String) { write(timestamp(Date()) + " error taskmgr-monitor: " + message) }

    /// RFC 3339 UTC with seconds (`2026-11-30T01:02:03Z`).
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
