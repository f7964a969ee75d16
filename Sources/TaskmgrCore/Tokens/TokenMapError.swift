/// Why a change to the token map was refused, in words for the admin.
public enum TokenMapError: Error, Equatable, CustomStringConvertible {
    case invalidName(String)
    case duplicateName(String)
    case unknownName(String)
    case malformedSecret
    case file(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "invalid token name \"\(name)\": use 1 to 64 letters, digits, '.', '_' or '-'"
        case .duplicateName(let name):
            return "a token named \"\(name)\" already exists; revoke it first or pick another name"
        case .unknownName(let name):
            return "no token named \"\(name)\""
        case .malformedSecret:
            return "the token secret is malformed or already in use"
        case .file(let message):
            return message
        }
    }
}
