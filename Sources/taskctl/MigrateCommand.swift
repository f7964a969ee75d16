import TaskmgrCore

/// `taskctl migrate`: brings the database's schema up to the migrations in `sql/`.
enum MigrateCommand: TaskctlCommand {
    static let name = "migrate"
    static let summary = "apply the SQL migrations the database has not recorded yet"
    static let help = """
        usage: taskctl migrate [--sql-dir DIR] [--dry-run]

        Applies the numbered migrations (NNNN_name.sql) in DIR that the database has not
        recorded in taskmgr_schema_migrations, in order, each in its own transaction that
        records its version first. Several runs at once (many hosts) take turns on an
        advisory lock; running it again applies nothing. A failing file is rolled back and
        the run stops there.

        Connects as DATABASE_URL or PGHOST/PGPORT/PGDATABASE/PGUSER say: use an admin role
        that may create roles, schemas and tables (the owner of taskmgr's tables).

        options:
          --sql-dir DIR  the migrations folder (default: $TASKMGR_SQL_DIR, else
                         /usr/share/taskmgr/sql, else the sql/ folder of the build tree)
          --dry-run      list the migrations that would be applied; change nothing
          -h, --help     show this help

        output: "applied NNNN_name" for each migration applied ("would apply" with
        --dry-run), or "up to date". Exit status 0 on success, 1 when the connection or a
        migration failed, 2 for bad usage.
        """

    static func run(_ arguments: [String], context: CommandContext) throws -> Int32 {
        let parsed = try CommandArguments(arguments, flags: ["dry-run"], options: ["sql-dir"])
        if parsed.wantsHelp {
            context.output(help)
            return 0
        }
        try parsed.expectPositionals(atMost: 0)
        guard let directory = parsed.option("sql-dir") ?? MigrationDirectory.defaultPath(environment: context.environment) else {
            throw CommandError.usage("no migrations folder found: pass --sql-dir or set TASKMGR_SQL_DIR")
        }
        let migrations: [Migration]
        do {
            migrations = try MigrationDirectory.load(directory)
        } catch {
            throw CommandError.failure(error.description)
        }
        guard !migrations.isEmpty else {
            throw CommandError.failure("no migration files (NNNN_name.sql) in \(directory)")
        }

        let connection = try context.connect()
        let runner = MigrationRunner(connection: connection)
        do {
            if parsed.flag("dry-run") {
                let pending = try runner.pending(migrations)
                pending.forEach { context.output("would apply \($0.name)") }
                if pending.isEmpty { context.output("up to date") }
                return 0
            }
            let outcomes = try runner.apply(migrations) { context.output("applied \($0.name)") }
            if !outcomes.contains(where: { $0.1 == .applied }) { context.output("up to date") }
            return 0
        } catch {
            throw CommandError.failure(error.description)
        }
    }
}
