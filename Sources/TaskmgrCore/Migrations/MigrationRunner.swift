import Postgres

/// Applies numbered migrations to a database, each in its own transaction.
///
/// Per file: take a transaction-scoped advisory lock (so two runners, on one host or
/// many, take turns instead of racing), create `taskmgr_schema_migrations` if missing,
/// skip the file if its version is recorded, else record the version *first* and run the
/// file; COMMIT. A file that fails rolls back with its version row, and the run stops
/// there: later files may depend on it. Running the set again applies nothing.
public struct MigrationRunner {
    /// `pg_advisory_xact_lock` key shared by every taskmgr migration run: "taskmgr" in ASCII.
    public static let advisoryLockKey: Int64 = 0x74_61_73_6b_6d_67_72

    /// What happened to one migration.
    public enum Outcome: Equatable, Sendable {
        case applied
        case alreadyApplied
    }

    private let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Applies every migration not yet recorded, in order. `progress` is told each
    /// migration it applied (to print `applied 0003_task_manager`). Returns the outcome
    /// per migration, in the order given.
    @discardableResult
    public func apply(
        _ migrations: [Migration],
        progress: (Migration) -> Void = { _ in }
    ) throws(MigrationError) -> [(Migration, Outcome)] {
        var outcomes: [(Migration, Outcome)] = []
        for migration in migrations {
            let outcome = try apply(migration)
            if outcome == .applied { progress(migration) }
            outcomes.append((migration, outcome))
        }
        return outcomes
    }

    /// The migrations not yet recorded in the database, without changing anything
    /// (`taskctl migrate --dry-run`).
    public func pending(_ migrations: [Migration]) throws(MigrationError) -> [Migration] {
        let recorded: Set<Int>
        do {
            recorded = try recordedVersions()
        } catch {
            throw .database(error)
        }
        return migrations.filter { !recorded.contains($0.version) }
    }

    /// The versions recorded so far (empty when the table doesn't exist yet).
    public func recordedVersions() throws(PostgresError) -> Set<Int> {
        let exists = try connection.query(
            "SELECT to_regclass('public.taskmgr_schema_migrations') IS NOT NULL AS present")
        guard exists.rows.first?["present"].bool == true else { return [] }
        let rows = try connection.query("SELECT version FROM public.taskmgr_schema_migrations")
        return Set(rows.rows.compactMap { $0["version"].int })
    }

    private func apply(_ migration: Migration) throws(MigrationError) -> Outcome {
        do {
            return try connection.transaction { connection in
                _ = try connection.query("SELECT pg_advisory_xact_lock(\(Self.advisoryLockKey))")
                try Self.createLedgerIfMissing(connection)
                let recorded = try connection.query(
                    "SELECT 1 FROM public.taskmgr_schema_migrations WHERE version = \(migration.version)")
                guard recorded.rows.isEmpty else { return Outcome.alreadyApplied }
                _ = try connection.query("""
                    INSERT INTO public.taskmgr_schema_migrations (version, name, applied_at)
                    VALUES (\(migration.version), \(migration.name), now())
                    """)
                do throws(PostgresError) {
                    try connection.execute(script: migration.sql)
                } catch {
                    throw MigrationError.failed(migration.name, error)
                }
                return Outcome.applied
            }
        } catch let error as MigrationError {
            throw error
        } catch let error as PostgresError {
            throw .database(error)
        } catch {
            throw .database(PostgresError(code: .other, serverMessage: String(describing: error)))
        }
    }

    /// Creates the ledger table on first use. Row-level security with no policy keeps
    /// its rows to the owner, even on a database (Supabase) whose default privileges
    /// would hand every new public table to the API roles.
    private static func createLedgerIfMissing(_ connection: PostgresConnection) throws(PostgresError) {
        let exists = try connection.query(
            "SELECT to_regclass('public.taskmgr_schema_migrations') IS NOT NULL AS present")
        guard exists.rows.first?["present"].bool != true else { return }
        try connection.execute(script: """
            CREATE TABLE public.taskmgr_schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            ALTER TABLE public.taskmgr_schema_migrations ENABLE ROW LEVEL SECURITY;
            COMMENT ON TABLE public.taskmgr_schema_migrations IS
                'Migrations from sql/ applied by taskctl migrate, one row per file.';
            """)
    }
}
