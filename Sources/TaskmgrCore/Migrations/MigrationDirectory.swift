import Foundation

/// Reads the migration files of a directory, in version order.
///
/// Only `<digits>_<name>.sql` files count; anything else (sub-folders such as `tests/`,
/// notes) is ignored. Two files with the same version are an error rather than a coin
/// toss over which one runs.
public enum MigrationDirectory {
    /// The migrations in `path`, sorted by version.
    public static func load(_ path: String) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadableDirectory(path)
        }
        var migrations: [Migration] = []
        for fileName in names {
            guard let version = Migration.version(fromFileName: fileName) else { continue }
            let filePath = (path as NSString).appendingPathComponent(fileName)
            guard let data = FileManager.default.contents(atPath: filePath),
                  let sql = String(data: data, encoding: .utf8) else {
                throw .unreadableFile(filePath)
            }
            migrations.append(Migration(version: version, name: String(fileName.dropLast(4)), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version == later.version {
            throw .duplicateVersion(earlier.version, earlier.name, later.name)
        }
        return migrations
    }

    /// Where taskctl looks for migrations when not told: `TASKMGR_SQL_DIR` if set;
    /// else the installed `/usr/share/taskmgr/sql`; else the nearest `sql/` folder holding
    /// migrations above the executable (a build tree: `.build/debug/taskctl` → `sql/`).
    public static func defaultPath(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = CommandLine.arguments.first
    ) -> String? {
        if let configured = environment["TASKMGR_SQL_DIR"], !configured.isEmpty {
            return configured
        }
        let installed = "/usr/share/taskmgr/sql"
        if containsMigrations(installed) { return installed }
        guard let executablePath else { return nil }
        // Both the path as invoked and with symlinks resolved: `.build/debug` is a link.
        let absolute = URL(fileURLWithPath: executablePath).standardizedFileURL
        for start in [absolute, absolute.resolvingSymlinksInPath()] {
            var folder = start.deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = folder.appendingPathComponent("sql").path
                if containsMigrations(candidate) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// Whether `path` is a folder with at least one migration file in it.
    static func containsMigrations(_ path: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.contains { Migration.version(fromFileName: $0) != nil }
    }
}
