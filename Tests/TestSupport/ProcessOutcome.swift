/// How a finished child process ended and what it wrote.
public struct ProcessOutcome: Sendable {
    /// The exit code when the process exited by itself, else nil.
    public let exitCode: Int32?
    /// The signal that ended the process (SIGTERM, SIGKILL, …), else nil.
    public let signal: Int32?
    /// Everything the process wrote to fd 1.
    public let standardOutput: [UInt8]
    /// Everything the process wrote to fd 2.
    public let standardError: [UInt8]

    public init(exitCode: Int32?, signal: Int32?, standardOutput: [UInt8], standardError: [UInt8]) {
        self.exitCode = exitCode
        self.signal = signal
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// fd 1 as UTF-8 text (invalid bytes replaced).
    public var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }
    /// fd 2 as UTF-8 text (invalid bytes replaced).
    public var standardErrorText: String { String(decoding: standardError, as: UTF8.self) }
    /// Whether the process exited by itself with code 0.
    public var succeeded: Bool { exitCode == 0 }

    /// Decodes a `waitpid` status (the WIFEXITED/WEXITSTATUS/WTERMSIG macros don't import).
    static func decode(waitStatus status: Int32) -> (exitCode: Int32?, signal: Int32?) {
        let termination = status & 0x7f
        if termination == 0 { return ((status >> 8) & 0xff, nil) }
        return (nil, termination)
    }
}
