/// One numbered, forward-only migration file from `sql/` (`0003_task_manager.sql`).
///
/// The version is the file name's leading number and the name is the file name without
/// `.sql`; both are recorded in `taskmgr_schema_migrations` when the file is applied.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The version a migration file name carries (`0003_task_manager.sql` → 3), or nil
    /// when the name is not `<digits>_<words>.sql` (a README, an editor's backup, tests/).
    public static func version(fromFileName fileName: String) -> Int? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let digits = fileName.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, fileName.dropFirst(digits.count).first == "_",
              let version = Int(digits), version > 0 else { return nil }
        return version
    }
}
