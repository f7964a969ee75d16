/// What one `taskctl archive` run does, from flags with the env file's
/// `TASKMGR_ARCHIVE_*` keys as defaults (the archive timer passes no flags).
public struct ArchiveOptions: Sendable, Equatable {
    /// Finished tasks older than this (by `finished_at`) move to the archive.
    public var olderThan: RetentionPeriod
    /// Archived rows older than this (by `archived_at`) are deleted; nil keeps them forever.
    public var purgeOlderThan: RetentionPeriod?
    /// Rows per transaction. Small enough that each batch's row locks last milliseconds.
    public var batchSize: Int
    /// Count what would happen; change nothing.
    public var dryRun: Bool
    /// Only tasks of this `task_type` (an admin archiving one kind early; tests).
    public var taskType: String?

    public static let defaultOlderThan = RetentionPeriod("30d")!
    public static let defaultBatchSize = 1_000
    public static let maximumBatchSize = 50_000

    public init(olderThan: RetentionPeriod = defaultOlderThan, purgeOlderThan: RetentionPeriod? = nil,
                batchSize: Int = defaultBatchSize, dryRun: Bool = false, taskType: String? = nil) {
        self.olderThan = olderThan
        self.purgeOlderThan = purgeOlderThan
        self.batchSize = batchSize
        self.dryRun = dryRun
        self.taskType = taskType
    }

    /// The defaults for a run: the env file's `TASKMGR_ARCHIVE_OLDER_THAN`,
    /// `TASKMGR_ARCHIVE_PURGE_OLDER_THAN` and `TASKMGR_ARCHIVE_BATCH_SIZE` where set (the
    /// archive timer passes no flags), else 30 days, no purge, 1,000 per batch.
    public static func defaults(environment: [String: String]) throws(ArchiveOptionsError) -> ArchiveOptions {
        var options = ArchiveOptions()
        if let text = nonEmpty(environment["TASKMGR_ARCHIVE_OLDER_THAN"]) {
            options.olderThan = try period(text, from: "TASKMGR_ARCHIVE_OLDER_THAN")
        }
        if let text = nonEmpty(environment["TASKMGR_ARCHIVE_PURGE_OLDER_THAN"]) {
            options.purgeOlderThan = try period(text, from: "TASKMGR_ARCHIVE_PURGE_OLDER_THAN")
        }
        if let text = nonEmpty(environment["TASKMGR_ARCHIVE_BATCH_SIZE"]) {
            options.batchSize = try batchSize(text, from: "TASKMGR_ARCHIVE_BATCH_SIZE")
        }
        return options
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// `text` as a period, or an error naming `source` (a flag or an env key).
    public static func period(_ text: String, from source: String) throws(ArchiveOptionsError) -> RetentionPeriod {
        guard let period = RetentionPeriod(text) else {
            throw ArchiveOptionsError("\(source): '\(text)' is not a period like 30d, 12h, 2w, 90m or 45s")
        }
        return period
    }

    /// `text` as a batch size (1…50,000), or an error naming `source`.
    public static func batchSize(_ text: String, from source: String) throws(ArchiveOptionsError) -> Int {
        guard let size = Int(text), (1...maximumBatchSize).contains(size) else {
            throw ArchiveOptionsError("\(source): '\(text)' is not a batch size from 1 to \(maximumBatchSize)")
        }
        return size
    }
}

/// A bad flag or env value, worded for the admin.
public struct ArchiveOptionsError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
