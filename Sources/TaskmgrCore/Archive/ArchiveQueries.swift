import Postgres

/// Every SQL statement of the archive, in one place.
///
/// The cutoff is computed once per run (`now() - retention`) and passed back as a
/// timestamp, so the count shown at the start and the batches agree on which tasks
/// qualify. Each batch is one statement, hence one short transaction: its row locks
/// (taken with `FOR UPDATE SKIP LOCKED`, so it never waits on a task someone is
/// updating) end with it. Killing the process mid-batch rolls that batch back whole:
/// a task is either still in `task_manager` or in the archive, never both or neither.
enum ArchiveQueries {
    /// Runs the session as `service_role` (which holds the archive grants and the
    /// policies) and bounds waits on table locks, e.g. behind a migration.
    static func sessionSetup() -> PostgresQuery {
        PostgresQuery(
            unsafeSQL: "SELECT set_config('role', 'service_role', false), set_config('lock_timeout', '5s', false)")
    }

    /// The cutoff timestamp for a retention, from the database's clock.
    static func cutoff(olderThan: RetentionPeriod) -> PostgresQuery {
        "SELECT (now() - \(olderThan.intervalText)::interval)::text AS cutoff"
    }

    /// How many finished tasks qualify (for progress and `--dry-run`).
    static func countArchivable(cutoff: String, taskType: String?) -> PostgresQuery {
        """
        SELECT count(*) AS n FROM public.task_manager
        WHERE status IN ('completed', 'failed', 'cancelled')
          AND finished_at < \(cutoff)::timestamptz
          AND (\(taskType)::text IS NULL OR task_type = \(taskType)::text)
        """
    }

    /// Moves up to `limit` qualifying tasks, oldest first, into the archive with their
    /// status history as a JSON array (the history rows then go with the task by
    /// ON DELETE CASCADE). Columns are copied by name through jsonb, so the statement
    /// doesn't depend on column order. The record is built in a LATERAL join: written
    /// as `(jsonb_populate_record(…)).*` PostgreSQL would evaluate the call, history
    /// subquery included, once per column (31 times a row).
    ///
    /// The history subquery reads the statement's snapshot, taken before the cascade.
    static func archiveBatch(cutoff: String, limit: Int, taskType: String?) -> PostgresQuery {
        """
        WITH batch AS (
            SELECT task_id FROM public.task_manager
            WHERE status IN ('completed', 'failed', 'cancelled')
              AND finished_at < \(cutoff)::timestamptz
              AND (\(taskType)::text IS NULL OR task_type = \(taskType)::text)
            ORDER BY finished_at
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
        ), moved AS (
            DELETE FROM public.task_manager AS t USING batch
            WHERE t.task_id = batch.task_id
            RETURNING t.*
        )
        INSERT INTO public.task_manager_archive
        SELECT archived.*
        FROM moved
        CROSS JOIN LATERAL jsonb_populate_record(NULL::public.task_manager_archive,
            to_jsonb(moved) || jsonb_build_object(
                'archived_at', now(),
                'history', (SELECT coalesce(jsonb_agg(to_jsonb(h) - 'task_id' ORDER BY h.id), '[]'::jsonb)
                            FROM public.task_status_history AS h
                            WHERE h.task_id = moved.task_id))) AS archived
        """
    }

    /// How many archived rows the purge would delete.
    static func countPurgeable(cutoff: String, taskType: String?) -> PostgresQuery {
        """
        SELECT count(*) AS n FROM public.task_manager_archive
        WHERE archived_at < \(cutoff)::timestamptz
          AND (\(taskType)::text IS NULL OR task_type = \(taskType)::text)
        """
    }

    /// Deletes up to `limit` archived rows older than the purge cutoff, oldest first.
    ///
    /// No `FOR UPDATE SKIP LOCKED` here: row locks need the UPDATE privilege, which
    /// service_role rightly lacks on the archive, and nothing else writes archived rows.
    /// Two hosts purging at once is harmless: the later one finds the rows gone
    /// (0 deleted) and stops.
    static func purgeBatch(cutoff: String, limit: Int, taskType: String?) -> PostgresQuery {
        """
        DELETE FROM public.task_manager_archive
        WHERE task_id IN (
            SELECT task_id FROM public.task_manager_archive
            WHERE archived_at < \(cutoff)::timestamptz
              AND (\(taskType)::text IS NULL OR task_type = \(taskType)::text)
            ORDER BY archived_at
            LIMIT \(limit))
        """
    }
}
