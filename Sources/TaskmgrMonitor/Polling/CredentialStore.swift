import Foundation

/// Request headers for tasks whose `poll_auth` names a credential configured on this host.
///
/// A credential is a file `<directory>/<name>` (default `/etc/taskmgr/credentials`) of
/// `Name: value` lines; blank lines and `#` comments are ignored. The task row holds only
/// the name, so a database reader never sees a secret. Values are never logged: errors
/// name the credential and the line number only. Files are read once per cycle.
public final class CredentialStore {
    public let directory: String
    private var cache: [String: Result<[(String, String)], CredentialError>] = [:]

    public init(directory: String) {
        self.directory = directory
    }

    /// The headers of credential `name`, or an error that can go into `error_message`.
    public func headers(named name: String) -> Result<[(String, String)], CredentialError> {
        if let cached = cache[name] { return cached }
        let loaded = load(name)
        cache[name] = loaded
        return loaded
    }

    private func load(_ name: String) -> Result<[(String, String)], CredentialError> {
        guard Self.isValidName(name) else {
            return .failure(CredentialError("poll_auth \"\(name.prefix(60))\" is not a valid credential name"))
        }
        let path = directory + "/" + name
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            return .failure(CredentialError("credential \"\(name)\" is not configured on this monitor host"))
        }
        return Self.parse(text, name: name)
    }

    /// Names are restricted to `[A-Za-z0-9_.-]+` and can't be `.`/`..`, so a task can only
    /// name a file directly inside the credentials directory.
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name != ".", name != "..", name.utf8.count <= 128 else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "." || scalar == "-"
        }
    }

    /// Parses `Name: value` lines; a malformed line fails the whole credential.
    static func parse(_ text: String, name: String) -> Result<[(String, String)], CredentialError> {
        var headers: [(String, String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(CredentialError("credential \"\(name)\" line \(index + 1) is not \"Name: value\""))
            }
            let headerName = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard isHeaderToken(headerName) else {
                return .failure(CredentialError("credential \"\(name)\" line \(index + 1) has an invalid header name"))
            }
            headers.append((headerName, value))
        }
        return .success(headers)
    }

    /// RFC 9110 token characters (a header name).
    static func isHeaderToken(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && scalar.value > 32 && scalar.value < 127 && !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains(scalar)
        }
    }
}

/// Why a credential couldn't be used; safe to store in `error_message` (no secret in it).
public struct CredentialError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
