/// What went wrong in a command, in words for the admin at the terminal.
enum CommandError: Error, CustomStringConvertible {
    /// The command line is wrong: the dispatcher adds a pointer to `--help`, exit status 2.
    case usage(String)
    /// The command could not do its job, exit status 1.
    case failure(String)

    var description: String {
        switch self {
        case .usage(let message), .failure(let message):
            return message
        }
    }

    /// Exit statuses: 0 success, 1 failure, 2 usage (as most Unix tools).
    static let failureStatus: Int32 = 1
    static let usageStatus: Int32 = 2
}
