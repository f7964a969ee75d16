import Foundation

/// Every taskctl command, one line each; the dispatcher does the rest.
let commands: [any TaskctlCommand.Type] = [
    MigrateCommand.self,
    ArchiveCommand.self,
    TokenCommand.self,
    ListCommand.self,
    ShowCommand.self,
    RetryCommand.self,
    CancelCommand.self,
]

let dispatcher = CommandDispatcher(commands: commands, context: CommandContext())
exit(dispatcher.run(Array(CommandLine.arguments.dropFirst())))
