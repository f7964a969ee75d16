import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts child processes for tests (the built executables, nginx, cgi-fcgi, spawn-fcgi …)
/// with their output captured, and runs short commands to completion.
///
/// Built on `posix_spawn` rather than Foundation's `Process` because tests need what `Process`
/// can't give: a socket passed as stdin or as fd 3, a clean signal state in the child (an
/// ignored or blocked SIGTERM would otherwise be inherited), and a process group to kill.
public enum ProcessRunner {
    /// What the child reads on fd 0.
    public enum StandardInput: Sendable {
        /// /dev/null.
        case null
        /// These bytes, then end of file.
        case bytes([UInt8])
        /// A descriptor of the test process (a listening socket, a file); the child gets a copy.
        case fileDescriptor(Int32)
    }

    /// The current environment with `changes` applied (a nil value removes the variable).
    public static func environment(adding changes: [String: String?]) -> [String: String] {
        var result = ProcessInfo.processInfo.environment
        for (name, value) in changes { result[name] = value }
        return result
    }

    /// Starts `executable` (a path, or a name looked up in PATH) and returns at once.
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; nil inherits the test process's.
    ///   - extraFileDescriptors: descriptors handed to the child as fd 3, 4, … in order
    ///     (as systemd does for `LISTEN_FDS`); every other descriptor is closed in the child.
    ///   - workingDirectory: the child's current directory; nil keeps the test's.
    public static func start(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        standardInput: StandardInput = .null,
        extraFileDescriptors: [Int32] = [],
        workingDirectory: String? = nil
    ) throws -> RunningProcess {
        let spawner = Spawner(executable: executable, arguments: arguments,
                              environment: environment ?? ProcessInfo.processInfo.environment)
        return try spawner.spawn(standardInput: standardInput,
                                 extraFileDescriptors: extraFileDescriptors,
                                 workingDirectory: workingDirectory)
    }

    /// Runs `executable` to completion and returns its outcome; kills it (SIGKILL) and throws
    /// if it takes longer than `timeout` seconds.
    public static func run(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        standardInput: StandardInput = .null,
        extraFileDescriptors: [Int32] = [],
        workingDirectory: String? = nil,
        timeout: Double = 30
    ) throws -> ProcessOutcome {
        let process = try start(executable, arguments: arguments, environment: environment,
                                standardInput: standardInput, extraFileDescriptors: extraFileDescriptors,
                                workingDirectory: workingDirectory)
        guard let outcome = process.waitForExit(timeout: timeout) else {
            process.kill()
            let partial = process.waitForExit(timeout: 5)
            throw TestSupportError(
                "\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s; "
                    + "stderr so far: \(partial?.standardErrorText ?? process.standardErrorText)")
        }
        return outcome
    }
}
