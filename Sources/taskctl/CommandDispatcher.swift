/// Finds the command named on the command line, shows help, and turns what the command
/// throws into a message on standard error and an exit status.
struct CommandDispatcher {
    let commands: [any TaskctlCommand.Type]
    let context: CommandContext

    /// Runs `taskctl` with `arguments` (without the program name); returns the exit status.
    func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            context.error(overview)
            return CommandError.usageStatus
        }
        switch first {
        case "--help", "-h":
            context.output(overview)
            return 0
        case "help":
            guard let name = arguments.dropFirst().first else {
                context.output(overview)
                return 0
            }
            guard let command = command(named: name) else { return unknown(name) }
            context.output(command.help)
            return 0
        default:
            guard let command = command(named: first) else { return unknown(first) }
            let rest = Array(arguments.dropFirst())
            if let option = rest.first, option == "--help" || option == "-h" {
                context.output(command.help)
                return 0
            }
            return run(command, rest)
        }
    }

    private func run(_ command: any TaskctlCommand.Type, _ arguments: [String]) -> Int32 {
        do {
            return try command.run(arguments, context: context)
        } catch let error as CommandError {
            switch error {
            case .usage(let message):
                context.error("taskctl \(command.name): \(message)")
                context.error("see: taskctl \(command.name) --help")
                return CommandError.usageStatus
            case .failure(let message):
                context.error("taskctl \(command.name): \(message)")
                return CommandError.failureStatus
            }
        } catch {
            context.error("taskctl \(command.name): \(error)")
            return CommandError.failureStatus
        }
    }

    private func command(named name: String) -> (any TaskctlCommand.Type)? {
        commands.first { $0.name == name }
    }

    private func unknown(_ name: String) -> Int32 {
        context.error("taskctl: unknown command \(name)")
        context.error(overview)
        return CommandError.usageStatus
    }

    /// `taskctl --help`: every command with its one-line summary.
    var overview: String {
        // Plain loops: a key path to a static member of an existential metatype
        // (`commands.map(\.name)`) crashes the Swift 6.3 compiler.
        var width = 0
        for command in commands { width = max(width, command.name.count) }
        var lines: [String] = []
        for command in commands {
            let name: String = command.name
            let padding = String(repeating: " ", count: width + 2 - name.count)
            lines.append("  " + name + padding + command.summary)
        }
        return """
            usage: taskctl <command> [options]
                   taskctl <command> --help

            taskmgr's admin tool. Connects to PostgreSQL as DATABASE_URL or the PG* variables say.

            commands:
            \(lines.joined(separator: "\n"))
            """
    }
}
