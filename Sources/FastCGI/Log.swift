#if canImport(Glibc)
import Glibc
#endif

/// One line per event on fd 2 (journald under systemd), in swift-log's shape:
/// `2026-11-30T01:02:03Z info taskmgr-task-status: event=started mode=listen workers=4 message`.
///
/// Each line goes out in a single `write`, so lines from several worker threads never
/// interleave. Values with spaces, quotes or `=` are quoted. Never pass a token or password.
public enum Log {
    public enum Level: String, Sendable {
        case info, warning, error
    }

    public static func info(_ label: String, _ message: String = "", _ fields: [(String, String)] = []) {
        write(.info, label, message, fields)
    }

    public static func warning(_ label: String, _ message: String = "", _ fields: [(String, String)] = []) {
        write(.warning, label, message, fields)
    }

    public static func error(_ label: String, _ message: String = "", _ fields: [(String, String)] = []) {
        write(.error, label, message, fields)
    }

    /// Formats one line (without writing it), for tests and for callers with their own sink.
    public static func line(
        _ level: Level, _ label: String, _ message: String, _ fields: [(String, String)], at time: time_t
    ) -> String {
        var line = timestamp(time) + " " + level.rawValue + " " + label + ":"
        for (key, value) in fields {
            line += " " + key + "=" + quotedIfNeeded(value)
        }
        if !message.isEmpty {
            line += " " + singleLine(message)
        }
        return line + "\n"
    }

    public static func write(_ level: Level, _ label: String, _ message: String, _ fields: [(String, String)]) {
        let text = line(level, label, message, fields, at: time(nil))
        Syscalls.writeAll(2, Array(text.utf8))
    }

    /// UTC, second precision, ISO 8601 (`gmtime_r`: no shared formatter between threads).
    static func timestamp(_ time: time_t) -> String {
        var seconds = time
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = singleLine(value).replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
        return "\"" + escaped + "\""
    }

    /// Keeps one event on one line: newlines in a message would forge extra log lines.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

extension String {
    /// Plain substring replacement without Foundation (the logger must stay cheap).
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
