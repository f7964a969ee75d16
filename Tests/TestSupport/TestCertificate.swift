import Foundation

/// One self-signed certificate per test process (made by `.ci/make-cert`), served by every
/// test nginx and trusted by every test client.
///
/// One, not one per server: making a key costs a process start and some CPU, and hundreds
/// of test servers can share it.
public enum TestCertificate {
    /// The folder with cert.pem and key.pem; made on first use.
    public static func directory() throws -> String {
        try made.get()
    }

    /// The certificate (PEM), which also serves as the clients' only CA.
    public static func certificatePath() throws -> String {
        try directory() + "/cert.pem"
    }

    /// Copies cert.pem and key.pem into `target`.
    static func copy(into target: String) throws {
        let source = try directory()
        let files = FileManager.default
        for name in ["cert.pem", "key.pem"] {
            try? files.removeItem(atPath: target + "/" + name)
            try files.copyItem(atPath: source + "/" + name, toPath: target + "/" + name)
        }
    }

    private static let folder = "/tmp/taskmgr-test-cert-\(getpid())"

    private static let made: Result<String, Error> = Result {
        // Removed when the test process exits; one per process, so parallel runs don't clash.
        atexit { try? FileManager.default.removeItem(atPath: TestCertificate.folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let outcome = try ProcessRunner.run(PackagePaths.root + "/.ci/make-cert", arguments: [folder], timeout: 30)
        guard outcome.succeeded else {
            throw TestSupportError(".ci/make-cert failed: \(outcome.standardErrorText)")
        }
        return folder
    }
}
