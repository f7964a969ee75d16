import Foundation
import TaskmgrCore

/// `taskctl token add|list|revoke`: the API tokens nginx checks, kept in nginx's token
/// map file. No database: nginx decides who may call before any executable runs.
enum TokenCommand: TaskctlCommand {
    static let name = "token"
    static let summary = "add, list or revoke API tokens (nginx's token map)"
    static let help = """
        usage: taskctl token add --role service_role|authenticated [--user-id UUID] [--name NAME] [--file PATH]
               taskctl token list [--file PATH]
               taskctl token revoke NAME [--file PATH]

        API clients send "Authorization: Bearer <token>". nginx looks the token up in its
        token map and passes the token's role (and user id, and name) to the routes; an
        unknown token is answered 401 before any route runs.

          add     makes a new random token (tm_ + 32 random bytes, base64url), stores it and
                  prints it on standard output. It is shown this once only: the map keeps
                  it, but list never shows it.
                    --role ROLE     service_role (may update, retry, cancel) or authenticated
                    --user-id UUID  the user the token acts for (auth.uid() in the policies)
                    --name NAME     1-64 of A-Z a-z 0-9 . _ - ; default <role>-<random>.
                                    Shown in logs and as the actor in status history.
          list    names, roles and user ids; never secrets
          revoke  removes the token called NAME

        The map file is --file PATH, else $TASKMGR_TOKEN_MAP, else /etc/taskmgr/tokens.map.
        It is written with mode 0600 (nginx's master reads it as root): run add and revoke
        as root. nginx reads the map at start and reload only, so after add or revoke run:
            systemctl reload nginx        (or: nginx -s reload)
        """

    static func run(_ arguments: [String], context: CommandContext) throws -> Int32 {
        let parsed = try CommandArguments(arguments, options: ["role", "user-id", "name", "file"])
        if parsed.wantsHelp {
            context.output(help)
            return 0
        }
        guard let subcommand = parsed.positionals.first else {
            throw CommandError.usage("say add, list or revoke")
        }
        let file = TokenMapFile.resolve(option: parsed.option("file"), environment: context.environment)
        do {
            switch subcommand {
            case "add": return try add(parsed, file: file, context: context)
            case "list": return try list(parsed, file: file, context: context)
            case "revoke": return try revoke(parsed, file: file, context: context)
            default: throw CommandError.usage("unknown token command \(subcommand): say add, list or revoke")
            }
        } catch let error as TokenMapError {
            throw CommandError.failure(error.description)
        }
    }

    private static func add(_ parsed: CommandArguments, file: TokenMapFile, context: CommandContext) throws -> Int32 {
        try parsed.expectPositionals(atMost: 1)
        guard let roleText = parsed.option("role") else {
            throw CommandError.usage("--role is required: service_role or authenticated")
        }
        guard let role = TokenRole(rawValue: roleText) else {
            throw CommandError.usage("--role must be service_role or authenticated, not \(roleText)")
        }
        var userID: UUID? = nil
        if let userText = parsed.option("user-id") {
            guard let parsedID = UUID(uuidString: userText) else {
                throw CommandError.usage("--user-id must be a UUID, not \(userText)")
            }
            userID = parsedID
        }
        let name = parsed.option("name") ?? defaultName(for: role)
        guard TokenEntry.isValidName(name) else { throw CommandError.usage(TokenMapError.invalidName(name).description) }
        let entry = TokenEntry(name: name, role: role, userID: userID, secret: TokenSecret.generate())
        try file.update { (map: inout TokenMap) throws(TokenMapError) in try map.add(entry) }
        context.output(entry.secret)
        context.error("added token \(name) (\(role.rawValue)) to \(file.path); it is shown only this once.")
        context.error("nginx picks it up on reload: systemctl reload nginx (or nginx -s reload)")
        return 0
    }

    private static func list(_ parsed: CommandArguments, file: TokenMapFile, context: CommandContext) throws -> Int32 {
        try parsed.expectPositionals(atMost: 1)
        let map = try file.read()
        let tokens = map.tokens
        let width = max(4, tokens.map(\.name.count).max() ?? 0)
        context.output(pad("NAME", width) + "  " + pad("ROLE", 13) + "  USER_ID")
        for token in tokens {
            let user = token.userID.map { $0.uuidString.lowercased() } ?? "-"
            context.output(pad(token.name, width) + "  " + pad(token.role.rawValue, 13) + "  " + user)
        }
        if !map.unrecognizedLines.isEmpty {
            context.error("\(file.path) also has \(map.unrecognizedLines.count) line(s) taskctl did not write; nginx still reads them")
        }
        return 0
    }

    private static func revoke(_ parsed: CommandArguments, file: TokenMapFile, context: CommandContext) throws -> Int32 {
        try parsed.expectPositionals(atMost: 2)
        guard parsed.positionals.count == 2 else { throw CommandError.usage("say which token: taskctl token revoke NAME") }
        let name = parsed.positionals[1]
        let removed = try file.update { (map: inout TokenMap) throws(TokenMapError) in try map.revoke(name: name) }
        context.error("revoked token \(removed.name) (\(removed.role.rawValue)) in \(file.path).")
        context.error("nginx stops accepting it on reload: systemctl reload nginx (or nginx -s reload)")
        return 0
    }

    /// `service_role-3f9a1c`: the role and six random hex digits.
    private static func defaultName(for role: TokenRole) -> String {
        role.rawValue + "-" + String(UInt32.random(in: 0...0xFFFFFF), radix: 16).leftPadded(to: 6)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
