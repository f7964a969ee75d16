import Foundation
import Postgres
import TaskmgrCore

/// `taskctl archive`: moves old finished tasks into `task_manager_archive` and purges
/// old archived ones, in short batches. Also what `taskmgr-archive.service` runs daily.
enum ArchiveCommand: TaskctlCommand {
    static let name = "archive"
    static let summary = "move finished tasks older than the retention into the archive table"
    static let help = """
        usage: taskctl archive [--older-than 30d] [--purge-older-than 365d]
                               [--batch-size 1000] [--task-type TYPE] [--dry-run]

        Moves tasks that finished (completed, failed, cancelled) before the retention into
        task_manager_archive, oldest first, each with its status history as JSON; then,
        with --purge-older-than, deletes archived rows archived longer ago than that.
        Active tasks and recently finished ones are never touched.

        Works in batches, each one short transaction: row locks last only for a batch,
        rows someone else holds are skipped (and taken next time), and stopping it at any
        moment (Ctrl-C, kill) loses nothing — the batch in flight rolls back, and a rerun
        carries on where it stopped.

        Connects as DATABASE_URL or the PG* variables say and switches to service_role:
        the login role must be a member (taskmgr_monitor is; the archive timer uses it).

        options:
          --older-than P        retention of finished tasks (default $TASKMGR_ARCHIVE_OLDER_THAN,
                                else 30d); P is a number with s, m, h, d or w
          --purge-older-than P  also delete archived rows older than P (default
                                $TASKMGR_ARCHIVE_PURGE_OLDER_THAN, else never)
          --batch-size N        tasks per transaction, 1-50000 (default
                                $TASKMGR_ARCHIVE_BATCH_SIZE, else 1000)
          --task-type TYPE      only tasks of this task_type
          --dry-run             count what would be archived and purged; change nothing
          -h, --help            show this help

        output: a progress line on a terminal ("archived 12000/100000"), then one summary
        line ("archive: archived N tasks finished before …"). Exit status 0 on success,
        1 on a database error (batches already done stay done), 2 for bad usage.
        """

    static func run(_ arguments: [String], context: CommandContext) throws -> Int32 {
        let parsed = try CommandArguments(
            arguments, flags: ["dry-run"], options: ["older-than", "purge-older-than", "batch-size", "task-type"])
        if parsed.wantsHelp {
            context.output(help)
            return 0
        }
        try parsed.expectPositionals(atMost: 0)
        let options: ArchiveOptions
        do {
            options = try archiveOptions(parsed, environment: context.environment)
        } catch {
            throw CommandError.usage(error.description)
        }

        let connection = try context.connect()
        let progressLine = ProgressLine(enabled: StandardError.isTerminal)
        do {
            let archiver = try Archiver(connection: connection, options: options)
            let summary = try archiver.run { progressLine.show($0) }
            progressLine.finish()
            context.output(summary.line)
            return 0
        } catch {
            progressLine.finish()
            throw CommandError.failure("archive stopped: \(error.description) (\(error.logDescription))")
        }
    }

    /// Flags over the env file's defaults.
    private static func archiveOptions(_ parsed: CommandArguments, environment: [String: String]) throws(ArchiveOptionsError) -> ArchiveOptions {
        var options = try ArchiveOptions.defaults(environment: environment)
        if let text = parsed.option("older-than") {
            options.olderThan = try ArchiveOptions.period(text, from: "--older-than")
        }
        if let text = parsed.option("purge-older-than") {
            options.purgeOlderThan = try ArchiveOptions.period(text, from: "--purge-older-than")
        }
        if let text = parsed.option("batch-size") {
            options.batchSize = try ArchiveOptions.batchSize(text, from: "--batch-size")
        }
        options.taskType = parsed.option("task-type")
        options.dryRun = parsed.flag("dry-run")
        return options
    }
}

/// The `\r archived 12000/100000` line on a terminal; nothing when stderr is a file or
/// the journal (the summary line says it all there).
private struct ProgressLine {
    let enabled: Bool

    func show(_ progress: Archiver.Progress) {
        guard enabled else { return }
        switch progress {
        case .archived(let done, let total): write("\r archived \(done)/\(total)")
        case .purged(let done, let total): write("\r purged \(done)/\(total)  ")
        }
    }

    func finish() {
        if enabled { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Standard error's terminal-ness.
private enum StandardError {
    /// Whether fd 2 is a terminal. The corresponding C function is `isatty`.
    static var isTerminal: Bool { isatty(2) == 1 }
}
