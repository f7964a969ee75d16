import Foundation

/// Writes a server WARNING as one log line on stderr (journald), in the shape every
/// taskmgr log line has: `timestamp level label: key=value … message`.
enum ServerWarningLog {
    static func write(sqlState: String?, message: String?) {
        var bytes = Array(line(sqlState: sqlState, message: message, at: Date()).utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// The log line for one warning, newline-terminated; inner newlines become spaces.
    static func line(sqlState: String?, message: String?, at date: Date) -> String {
        let text = (message ?? "").replacingOccurrences(of: "\n", with: " ")
        return "\(PostgresTimestamp.format(date)) warning postgres: sqlstate=\(sqlState ?? "-") \(text)\n"
    }
}
