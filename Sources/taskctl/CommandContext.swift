import Foundation
import Postgres

/// What a command may use from its surroundings: the environment, standard output and
/// error, and a database connection made from the environment. Passed in rather than
/// reached for, so a command reads the same whatever process runs it.
struct CommandContext {
    var environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Writes one line to standard output (results: what a script would read).
    func output(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Writes one line to standard error (diagnostics and progress).
    func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Connects as `DATABASE_URL` or the `PG*` variables say (the admin: taskctl is an
    /// admin tool), or as `user` when given. A failure says where it tried to connect,
    /// never with a password.
    func connect(user: String? = nil) throws(CommandError) -> PostgresConnection {
        let settings = ConnectionSettings.fromEnvironment(environment, user: user, applicationName: "taskctl")
        do {
            return try PostgresConnection(settings)
        } catch {
            let reason = error.serverMessage?.trimmingCharacters(in: .whitespacesAndNewlines) ?? error.description
            throw .failure("cannot connect to the database (\(settings.logDescription)): \(reason)")
        }
    }
}
