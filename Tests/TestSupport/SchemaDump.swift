import Foundation

/// `pg_dump --schema-only` of a database in the harness cluster, for comparing schemas
/// ("applying the migrations again changes nothing").
public enum SchemaDump {
    /// The schema of `database` as SQL text, without the `\restrict` / `\unrestrict`
    /// lines recent pg_dump releases add (they carry a random key that differs every run).
    public static func of(database: String) throws -> String {
        let outcome = try ProcessRunner.run(
            pgDump,
            arguments: ["--schema-only", "--dbname", database],
            environment: ProcessRunner.environment(adding: ["DATABASE_URL": nil, "PGDATABASE": database]))
        guard outcome.succeeded else {
            throw TestSupportError("pg_dump of \(database) failed: \(outcome.standardErrorText)")
        }
        return outcome.standardOutputText
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
            .joined(separator: "\n")
    }

    /// The server's own major version of pg_dump when installed (Debian puts it outside
    /// PATH), else whatever `pg_dump` PATH finds.
    static var pgDump: String {
        let debian = "/usr/lib/postgresql/15/bin/pg_dump"
        return FileManager.default.isExecutableFile(atPath: debian) ? debian : "pg_dump"
    }
}
