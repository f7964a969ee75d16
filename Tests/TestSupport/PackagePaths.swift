import Foundation

/// Where the package and its built executables live, so tests can run the real binaries.
///
/// The package root comes from this file's `#filePath` (Tests/TestSupport/PackagePaths.swift),
/// not the working directory, because `swift test` may be started from anywhere.
public enum PackagePaths {
    /// The folder holding `Package.swift`.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The folder with the built executables.
    ///
    /// `TASKMGR_BIN_DIR` wins. Without it, the folder of the running test binary when that
    /// folder is inside the package (so `swift test --scratch-path .build-x` finds the
    /// executables built beside it), else `<root>/.build/debug`.
    public static var binDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["TASKMGR_BIN_DIR"], !configured.isEmpty {
            return configured
        }
        if let testBinaryFolder = testBinaryFolder(), testBinaryFolder.hasPrefix(root + "/") {
            return testBinaryFolder
        }
        return root + "/.build/debug"
    }

    /// The path of the built executable `name` (for example `taskmgr-fcgi-hello`).
    /// The file may not exist; `requireExecutable` checks.
    public static func executable(_ name: String) -> String {
        binDirectory + "/" + name
    }

    /// The path of the built executable `name`, or an error saying how to build it.
    public static func requireExecutable(_ name: String) throws -> String {
        let path = executable(name)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError(
                "executable \(name) not found at \(path): build it (swift build --product \(name)) "
                    + "or set TASKMGR_BIN_DIR to the folder holding it")
        }
        return path
    }

    /// The folder of the test binary (`…/debug/taskmgrPackageTests.xctest`), resolved.
    private static func testBinaryFolder() -> String? {
        guard let first = CommandLine.arguments.first, first.hasPrefix("/") else { return nil }
        let resolved = URL(fileURLWithPath: first).resolvingSymlinksInPath()
        return resolved.deletingLastPathComponent().path
    }
}

/// A failure of the test machinery itself (a missing binary, a timeout), with a message
/// that says what to do.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
