import Postgres

/// Moves finished tasks out of `task_manager` into `task_manager_archive`, batch by
/// batch, then purges archived rows past the second retention. `taskctl archive` and
/// the daily `taskmgr-archive.service` are thin shells around it.
///
/// Why batches: one big `DELETE … INSERT` over 100,000 rows would hold 100,000 row
/// locks (and bloat one transaction) for its whole run; a batch of 1,000 holds its
/// locks for milliseconds, and routes and the monitor never wait on it.
public struct Archiver {
    /// One step of a run, for a progress line.
    public enum Progress: Sendable, Equatable {
        case archived(done: Int, total: Int)
        case purged(done: Int, total: Int)
    }

    let connection: PostgresConnection
    let options: ArchiveOptions

    /// Switches `connection`'s session to `service_role`; the login role must be a member
    /// (taskmgr_monitor is; a superuser may too).
    public init(connection: PostgresConnection, options: ArchiveOptions) throws(PostgresError) {
        self.connection = connection
        self.options = options
        _ = try connection.query(ArchiveQueries.sessionSetup())
    }

    /// Runs to the end (or, with `dryRun`, only counts). `progress` is called after
    /// every batch.
    public func run(progress: (Progress) -> Void = { _ in }) throws(PostgresError) -> ArchiveSummary {
        let archiveCutoff = try cutoff(options.olderThan)
        let archivable = try count(ArchiveQueries.countArchivable(cutoff: archiveCutoff, taskType: options.taskType))
        var summary = ArchiveSummary(dryRun: options.dryRun, archiveCutoff: archiveCutoff, archivable: archivable)

        if !options.dryRun {
            summary.archived = try repeatBatches(total: archivable, report: { .archived(done: $0, total: $1) }, progress: progress) {
                ArchiveQueries.archiveBatch(cutoff: archiveCutoff, limit: options.batchSize, taskType: options.taskType)
            }
        }
        guard let purgeAfter = options.purgeOlderThan else { return summary }

        let purgeCutoff = try cutoff(purgeAfter)
        summary.purgeCutoff = purgeCutoff
        summary.purgeable = try count(ArchiveQueries.countPurgeable(cutoff: purgeCutoff, taskType: options.taskType))
        if !options.dryRun {
            summary.purged = try repeatBatches(total: summary.purgeable, report: { .purged(done: $0, total: $1) }, progress: progress) {
                ArchiveQueries.purgeBatch(cutoff: purgeCutoff, limit: options.batchSize, taskType: options.taskType)
            }
        }
        return summary
    }

    /// Runs `batch` until one affects no row; returns the rows affected in all.
    private func repeatBatches(total: Int, report: (Int, Int) -> Progress, progress: (Progress) -> Void,
                               batch: () -> PostgresQuery) throws(PostgresError) -> Int {
        var done = 0
        while true {
            let affected = try connection.query(batch()).affectedRows
            if affected == 0 { return done }
            done += affected
            progress(report(done, max(total, done)))
        }
    }

    private func cutoff(_ period: RetentionPeriod) throws(PostgresError) -> String {
        let result = try connection.query(ArchiveQueries.cutoff(olderThan: period))
        guard let cutoff = result.first?["cutoff"].string else {
            throw PostgresError(code: .decoding, serverMessage: "no cutoff returned")
        }
        return cutoff
    }

    private func count(_ query: PostgresQuery) throws(PostgresError) -> Int {
        guard let count = try connection.query(query).first?["n"].int else {
            throw PostgresError(code: .decoding, serverMessage: "no count returned")
        }
        return count
    }
}
