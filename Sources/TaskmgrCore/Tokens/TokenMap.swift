/// The contents of nginx's token map file: the tokens `taskctl` manages, plus any other
/// lines (comments, hand-written entries), kept in place and in order.
public struct TokenMap: Sendable, Equatable {
    public enum Line: Sendable, Equatable {
        case token(TokenEntry)
        case other(String)
    }

    public private(set) var lines: [Line]

    /// Reads the file's text; every line is kept.
    public init(text: String) {
        var split = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if split.last == "" { split.removeLast() }
        lines = split.map { line in TokenEntry(mapLine: line).map(Line.token) ?? .other(line) }
    }

    /// The file's text, one line each, ending in a newline.
    public var text: String {
        lines.map { line -> String in
            switch line {
            case .token(let entry): return entry.mapLine
            case .other(let text): return text
            }
        }.map { $0 + "\n" }.joined()
    }

    /// The tokens, in file order.
    public var tokens: [TokenEntry] {
        lines.compactMap { if case .token(let entry) = $0 { entry } else { nil } }
    }

    /// Lines that are neither a token taskctl wrote, a comment nor blank: hand edits the
    /// admin may want to look at (nginx still reads them).
    public var unrecognizedLines: [String] {
        lines.compactMap { line in
            guard case .other(let text) = line else { return nil }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed.hasPrefix("#") ? nil : text
        }
    }

    /// Adds `entry` at the end. Names are unique (revoke and history go by name).
    public mutating func add(_ entry: TokenEntry) throws(TokenMapError) {
        guard TokenEntry.isValidName(entry.name) else { throw .invalidName(entry.name) }
        guard TokenSecret.isWellFormed(entry.secret) else { throw .malformedSecret }
        guard !tokens.contains(where: { $0.name == entry.name }) else { throw .duplicateName(entry.name) }
        // nginx's map keys ignore case: two secrets equal but for case would clash.
        guard !tokens.contains(where: { $0.secret.lowercased() == entry.secret.lowercased() }) else { throw .malformedSecret }
        lines.append(.token(entry))
    }

    /// Removes the token called `name` and returns it.
    @discardableResult
    public mutating func revoke(name: String) throws(TokenMapError) -> TokenEntry {
        guard let index = lines.firstIndex(where: { if case .token(let entry) = $0 { entry.name == name } else { false } }),
              case .token(let entry) = lines[index]
        else { throw .unknownName(name) }
        lines.remove(at: index)
        return entry
    }
}
