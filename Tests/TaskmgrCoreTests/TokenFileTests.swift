import Foundation
import Testing
import TestSupport
@testable import TaskmgrCore

@Suite("Token map file")
struct TokenFileTests {
    private let userID = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!

    @Test("a secret is tm_ plus 43 base64url characters, and never repeats")
    func secretShape() {
        let secrets = (0..<200).map { _ in TokenSecret.generate() }
        #expect(Set(secrets).count == 200)
        for secret in secrets {
            #expect(secret.count == 46)
            #expect(TokenSecret.isWellFormed(secret), "\(secret)")
        }
        #expect(!TokenSecret.isWellFormed("tm_short"))
        #expect(!TokenSecret.isWellFormed("xx_" + String(repeating: "a", count: 43)))
        #expect(!TokenSecret.isWellFormed("tm_" + String(repeating: "a", count: 42) + "$"))
    }

    @Test("a map line round-trips and is the regex nginx expects")
    func mapLineRoundTrip() throws {
        let secret = TokenSecret.generate()
        let entry = TokenEntry(name: "billing-worker", role: .serviceRole, userID: userID, secret: secret)
        #expect(entry.mapLine == "\"Bearer \(secret)\" \"role=service_role;user=11111111-2222-3333-4444-555555555555;name=billing-worker;secret=\(secret)\";")
        #expect(TokenEntry(mapLine: entry.mapLine) == entry)

        let anonymous = TokenEntry(name: "web", role: .authenticated, userID: nil, secret: secret)
        #expect(anonymous.mapLine.hasSuffix("\"role=authenticated;user=;name=web;secret=\(secret)\";"))
        #expect(TokenEntry(mapLine: anonymous.mapLine) == anonymous)
    }

    @Test("hand-written lines and comments are kept, not taken for tokens")
    func otherLinesKept() {
        let secret = TokenSecret.generate()
        let text = """
            # managed by taskctl
            "Bearer legacy" "role=service_role;user=;name=legacy";

            \(TokenEntry(name: "a", role: .authenticated, secret: secret).mapLine)

            """
        let map = TokenMap(text: text)
        #expect(map.tokens.map(\.name) == ["a"])
        #expect(map.unrecognizedLines == ["\"Bearer legacy\" \"role=service_role;user=;name=legacy\";"])
        #expect(map.text == text)
    }

    @Test("names are unique and limited to safe characters")
    func names() throws {
        var map = TokenMap(text: "")
        try map.add(TokenEntry(name: "svc", role: .serviceRole, secret: TokenSecret.generate()))
        #expect(throws: TokenMapError.duplicateName("svc")) {
            try map.add(TokenEntry(name: "svc", role: .authenticated, secret: TokenSecret.generate()))
        }
        for bad in ["", "has space", "semi;colon", "quote\"", String(repeating: "x", count: 65), "ünï"] {
            #expect(throws: TokenMapError.invalidName(bad)) {
                try map.add(TokenEntry(name: bad, role: .authenticated, secret: TokenSecret.generate()))
            }
        }
        #expect(throws: TokenMapError.malformedSecret) {
            try map.add(TokenEntry(name: "x", role: .authenticated, secret: "tm_\"injected"))
        }
        #expect(map.tokens.count == 1)
    }

    @Test("a line whose two copies of the secret differ is not taken for a token")
    func mismatchedSecret() {
        let line = "\"Bearer tm_\(String(repeating: "a", count: 43))\" \"role=service_role;user=;name=x;secret=tm_\(String(repeating: "b", count: 43))\";"
        #expect(TokenEntry(mapLine: line) == nil)
    }

    @Test("a secret equal to another but for case is refused (nginx's map keys ignore case)")
    func caseClash() throws {
        var map = TokenMap(text: "")
        let secret = TokenSecret.generate()
        try map.add(TokenEntry(name: "a", role: .authenticated, secret: secret))
        let clash = "tm_" + String(secret.dropFirst(3)).uppercased()
        #expect(throws: TokenMapError.malformedSecret) {
            try map.add(TokenEntry(name: "b", role: .authenticated, secret: clash))
        }
    }

    @Test("add and revoke through the file; the file is 0600 after every write")
    func fileAddRevoke() throws {
        let folder = try TempDirectory(prefix: "tmtok")
        let file = TokenMapFile(path: folder.file("conf/tokens.map"))
        #expect(try file.read().tokens.isEmpty)

        let first = TokenEntry(name: "svc", role: .serviceRole, secret: TokenSecret.generate())
        let second = TokenEntry(name: "alice", role: .authenticated, userID: userID, secret: TokenSecret.generate())
        try file.update { (map: inout TokenMap) throws(TokenMapError) in try map.add(first) }
        try file.update { (map: inout TokenMap) throws(TokenMapError) in try map.add(second) }
        #expect(try file.read().tokens == [first, second])
        #expect(try mode(of: file.path) == 0o600)

        chmod(file.path, 0o644)
        let removed = try file.update { (map: inout TokenMap) throws(TokenMapError) in try map.revoke(name: "svc") }
        #expect(removed == first)
        #expect(try file.read().tokens == [second])
        #expect(try mode(of: file.path) == 0o600)
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(!text.contains(first.secret))

        #expect(throws: TokenMapError.unknownName("svc")) {
            try file.update { (map: inout TokenMap) throws(TokenMapError) in try map.revoke(name: "svc") }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.file("conf"))
        #expect(leftovers == ["tokens.map"])
    }

    @Test("concurrent adds all land (the folder lock serialises them)")
    func concurrentAdds() async throws {
        let folder = try TempDirectory(prefix: "tmtok")
        let file = TokenMapFile(path: folder.file("tokens.map"))
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let entry = TokenEntry(name: "t\(index)", role: .authenticated, secret: TokenSecret.generate())
                    try? file.update { (map: inout TokenMap) throws(TokenMapError) in try map.add(entry) }
                }
            }
        }
        #expect(try file.read().tokens.count == 16)
    }

    @Test("the file path comes from --file, then TASKMGR_TOKEN_MAP, then /etc/taskmgr")
    func pathResolution() {
        #expect(TokenMapFile.resolve(option: "/a", environment: ["TASKMGR_TOKEN_MAP": "/b"]).path == "/a")
        #expect(TokenMapFile.resolve(option: nil, environment: ["TASKMGR_TOKEN_MAP": "/b"]).path == "/b")
        #expect(TokenMapFile.resolve(option: nil, environment: [:]).path == "/etc/taskmgr/tokens.map")
    }

    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
