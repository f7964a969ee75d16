/// A command's arguments split into boolean flags, options with values and positionals.
///
/// The command declares which `--names` are flags and which take a value, so
/// `--dry-run x` and `--sql-dir x` parse without guessing. Accepted forms: `--name value`,
/// `--name=value`, `--flag`, and `--` to end options. `--help` and `-h` are always
/// accepted and set `wantsHelp`. Anything else starting with `-` is a usage error.
struct CommandArguments {
    private(set) var flags: Set<String> = []
    private(set) var options: [String: String] = [:]
    private(set) var positionals: [String] = []
    private(set) var wantsHelp = false

    init(_ arguments: [String], flags allowedFlags: Set<String> = [], options allowedOptions: Set<String> = []) throws(CommandError) {
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "--help" || argument == "-h" {
                wantsHelp = true
                continue
            }
            guard argument.hasPrefix("--") else {
                throw .usage("unknown option \(argument)")
            }
            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inlineValue = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            if allowedFlags.contains(name) {
                guard inlineValue == nil else { throw .usage("--\(name) takes no value") }
                flags.insert(name)
            } else if allowedOptions.contains(name) {
                if let inlineValue {
                    options[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw .usage("--\(name) needs a value") }
                    options[name] = arguments[index]
                    index += 1
                }
            } else {
                throw .usage("unknown option --\(name)")
            }
        }
    }

    /// Whether `--name` was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of `--name`, if given.
    func option(_ name: String) -> String? { options[name] }

    /// The value of `--name` as a whole number, or a usage error naming the option.
    func intOption(_ name: String) throws(CommandError) -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text) else { throw .usage("--\(name) must be a whole number, not \(text)") }
        return value
    }

    /// Fails unless there are at most `count` positionals (a typo'd option is a usage error).
    func expectPositionals(atMost count: Int) throws(CommandError) {
        if positionals.count > count {
            throw .usage("unexpected argument \(positionals[count])")
        }
    }
}
