/// One `taskctl` command (`migrate`, `token`, `archive`, …).
///
/// To add a command: write a type conforming to this protocol in its own file and add
/// one line to the `commands` list in main.swift. The dispatcher handles `taskctl --help`
/// (from `name` and `summary`), `taskctl help NAME` and `taskctl NAME --help` (from `help`),
/// unknown commands, and turns thrown errors into messages and exit codes.
protocol TaskctlCommand {
    /// The word after `taskctl`.
    static var name: String { get }
    /// One line for the command list in `taskctl --help`.
    static var summary: String { get }
    /// The full usage text for `taskctl NAME --help`: synopsis, what it does, every option.
    /// A command with sub-commands (`token add|list|revoke`) shows each sub-command's
    /// help itself when `CommandArguments.wantsHelp` is set after the sub-command word.
    static var help: String { get }
    /// Runs the command with the arguments after its name; returns the exit status.
    /// Throw `CommandError.usage` for bad arguments (exit 2), `.failure` for anything else
    /// the admin should read (exit 1).
    static func run(_ arguments: [String], context: CommandContext) throws -> Int32
}
