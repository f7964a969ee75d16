/// What one archive run found and did; `line` is the one summary line it prints
/// (to the journal under the timer).
public struct ArchiveSummary: Sendable, Equatable {
    public var dryRun: Bool
    /// Tasks that finished before this moved (RFC 3339-ish text from PostgreSQL).
    public var archiveCutoff: String
    /// Qualifying tasks counted at the start.
    public var archivable: Int
    public var archived = 0
    public var purgeCutoff: String?
    public var purgeable = 0
    public var purged = 0

    public init(dryRun: Bool, archiveCutoff: String, archivable: Int) {
        self.dryRun = dryRun
        self.archiveCutoff = archiveCutoff
        self.archivable = archivable
    }

    public var line: String {
        var parts: [String]
        if dryRun {
            parts = ["archive dry run: would archive \(archivable) tasks finished before \(archiveCutoff)"]
            if let purgeCutoff { parts.append("would purge \(purgeable) archived before \(purgeCutoff)") }
        } else {
            parts = ["archive: archived \(archived) tasks finished before \(archiveCutoff)"]
            if let purgeCutoff { parts.append("purged \(purged) archived before \(purgeCutoff)") }
        }
        return parts.joined(separator: "; ")
    }
}
