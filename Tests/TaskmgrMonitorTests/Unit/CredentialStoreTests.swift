import Foundation
import TestSupport
import Testing
@testable import TaskmgrMonitor

@Suite("CredentialStore")
struct CredentialStoreTests {
    @Test func readsHeaderLinesSkippingCommentsAndBlanks() throws {
        let directory = try TempDirectory()
        try directory.write("acme-api", "# the ACME job API\nAuthorization: Bearer s3cret\n\nX-Api-Key:  k1 \n")
        let store = CredentialStore(directory: directory.path)
        let headers = try store.headers(named: "acme-api").get()
        #expect(headers.map(\.0) == ["Authorization", "X-Api-Key"])
        #expect(headers.map(\.1) == ["Bearer s3cret", "k1"])
    }

    @Test func missingCredentialIsAClearErrorWithoutSecrets() throws {
        let directory = try TempDirectory()
        let store = CredentialStore(directory: directory.path)
        #expect(throws: CredentialError("credential \"nope\" is not configured on this monitor host")) {
            try store.headers(named: "nope").get()
        }
    }

    @Test("names that could leave the directory are refused", arguments: ["../etc/passwd", "..", ".", "a/b", "", "x y", "ké"])
    func invalidNames(name: String) throws {
        let store = CredentialStore(directory: "/tmp")
        #expect(!CredentialStore.isValidName(name))
        #expect(throws: CredentialError.self) { try store.headers(named: name).get() }
    }

    @Test func malformedLinesFailWithoutQuotingThem() throws {
        let directory = try TempDirectory()
        try directory.write("bad", "Authorization Bearer s3cret\n")
        try directory.write("badname", "Bad Name: s3cret\n")
        let store = CredentialStore(directory: directory.path)
        for name in ["bad", "badname"] {
            do {
                _ = try store.headers(named: name).get()
                Issue.record("expected a failure for \(name)")
            } catch {
                #expect(!error.description.contains("s3cret"))
                #expect(error.description.contains("line 1"))
            }
        }
    }
}
