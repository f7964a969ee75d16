import Foundation

/// Writes a server WARNING as one log line on stderr (journald), in the shape every
/// taskmgr log line has: `timestamp level label: key=value … message`
/// (`2026-11-30T01:02:03Z warning postgres: event=server_warning sqlstate=01000 …`).
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
    /// Second precision, like every other taskmgr log line (FastCGI's `Log`).
    static func line(sqlState: String?, message: String?, at date: Date) -> String {
        let text = (message ?? "").replacingOccurrences(of: "\n", with: " ")
        let seconds = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        let timestamp = PostgresTimestamp.format(seconds).prefix(19) + "Z"
        return "\(timestamp) warning postgres: event=server_warning sqlstate=\(sqlState ?? "-") \(text)\n"
    }
}
