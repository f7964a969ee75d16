import Foundation
import Postgres

/// Why migrations could not be read or applied. The description names the file and, for
/// database failures, the server's message: it is for the admin running `taskctl migrate`.
public enum MigrationError: Error, CustomStringConvertible, Sendable {
    case unreadableDirectory(String)
    case unreadableFile(String)
    case duplicateVersion(Int, String, String)
    /// The migration (by name, `0003_task_manager`) and the server's error.
    case failed(String, PostgresError)
    case database(PostgresError)

    public var description: String {
        switch self {
        case .unreadableDirectory(let path):
            return "cannot read migration directory \(path)"
        case .unreadableFile(let path):
            return "cannot read migration file \(path) (missing, unreadable or not UTF-8)"
        case .duplicateVersion(let version, let first, let second):
            return "two migrations have version \(version): \(first) and \(second)"
        case .failed(let name, let error):
            return "\(name) failed and was rolled back: \(Self.describe(error))"
        case .database(let error):
            return "database error: \(Self.describe(error))"
        }
    }

    /// The server's own words when it gave any (an admin needs them to fix a migration).
    private static func describe(_ error: PostgresError) -> String {
        var text = error.serverMessage.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? error.description
        if let sqlState = error.sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail = error.detail, !detail.isEmpty { text += "; \(detail)" }
        return text
    }
}
