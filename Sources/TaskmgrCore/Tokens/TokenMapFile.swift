import Foundation

/// The token map on disk (`/etc/taskmgr/tokens.map` when installed): read, and changed
/// under a lock with an atomic replace, always mode 0600.
///
/// nginx's master process reads the file as root at start and on reload, so the file can
/// stay unreadable to everyone else (the workers never open it). Changes take effect on
/// `systemctl reload nginx` / `nginx -s reload`.
public struct TokenMapFile: Sendable {
    /// Where the installed nginx configuration includes the map from.
    public static let installedPath = "/etc/taskmgr/tokens.map"

    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The path from `--file`, else `TASKMGR_TOKEN_MAP`, else the installed one.
    public static func resolve(option: String?, environment: [String: String]) -> TokenMapFile {
        if let option, !option.isEmpty { return TokenMapFile(path: option) }
        if let configured = environment["TASKMGR_TOKEN_MAP"], !configured.isEmpty { return TokenMapFile(path: configured) }
        return TokenMapFile(path: installedPath)
    }

    /// The map as it is now; a missing file is an empty map.
    public func read() throws(TokenMapError) -> TokenMap {
        guard FileManager.default.fileExists(atPath: path) else { return TokenMap(text: "") }
        do {
            return TokenMap(text: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw .file("cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Reads the map, lets `change` edit it, and writes it back, holding a lock on the
    /// folder so two admins' changes can't overwrite each other. Creates the folder (0755)
    /// and the file (0600) when missing.
    public func update<T>(_ change: (inout TokenMap) throws(TokenMapError) -> T) throws(TokenMapError) -> T {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        } catch {
            throw .file("cannot create \(folder): \(error.localizedDescription)")
        }
        let lock = try PrivateFile.lockFolder(folder)
        defer { PrivateFile.unlock(lock) }
        var map = try read()
        let result = try change(&map)
        try PrivateFile.replace(path, with: map.text)
        return result
    }
}
