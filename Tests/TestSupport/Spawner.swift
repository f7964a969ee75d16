import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `posix_spawn` call behind `ProcessRunner.start`: builds the C argument and environment
/// arrays, the file actions (pipes for fd 1 and 2, stdin, extra descriptors) and a clean
/// signal state, all inside one scope so no C pointer outlives it.
struct Spawner {
    let executable: String
    let arguments: [String]
    let environment: [String: String]

    func spawn(
        standardInput: ProcessRunner.StandardInput,
        extraFileDescriptors: [Int32],
        workingDirectory: String?
    ) throws -> RunningProcess {
        let stdoutPipe = try Self.makePipe()
        let stderrPipe = try Self.makePipe()
        var stdinPipe: (read: Int32, write: Int32)? = nil
        var stdinSource: Int32 = -1
        var temporaries: [Int32] = []
        defer { temporaries.forEach { close($0) } }

        switch standardInput {
        case .null:
            stdinSource = open("/dev/null", O_RDONLY | O_CLOEXEC)
            temporaries.append(stdinSource)
        case .bytes:
            let pipe = try Self.makePipe()
            stdinPipe = pipe
            stdinSource = pipe.read
            temporaries.append(pipe.read)
        case .fileDescriptor(let fd):
            stdinSource = Self.duplicateHigh(fd)
            temporaries.append(stdinSource)
        }
        // Copies above every target number, so dup2 onto 3, 4, … never clobbers a source.
        let extraSources = extraFileDescriptors.map { Self.duplicateHigh($0) }
        temporaries.append(contentsOf: extraSources)
        temporaries.append(stdoutPipe.write)
        temporaries.append(stderrPipe.write)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinSource, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe.write, 2)
        for (index, source) in extraSources.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, source, Int32(3 + index))
        }
        // Descriptors the test process opened without close-on-exec must not leak either.
        _ = glibcAddCloseFrom(&actions, Int32(3 + extraSources.count))
        if let workingDirectory {
            _ = glibcAddChdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = Self.withCStringArray(argv) { cArgv in
            Self.withCStringArray(envp) { cEnvp in
                posix_spawnp(&pid, executable, &actions, &attributes, cArgv, cEnvp)
            }
        }
        guard status == 0 else {
            close(stdoutPipe.read)
            close(stderrPipe.read)
            if let stdinPipe { close(stdinPipe.write) }
            throw TestSupportError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        if case .bytes(let input) = standardInput, let stdinPipe {
            Self.feed(input, to: stdinPipe.write)
        }
        return RunningProcess(
            pid: pid, executable: executable,
            standardOutput: OutputCollector(readingFrom: stdoutPipe.read),
            standardError: OutputCollector(readingFrom: stderrPipe.read))
    }

    /// A close-on-exec pipe, so one test's pipe never leaks into another test's child.
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard glibcPipe2(&fds, O_CLOEXEC) == 0 else {
            throw TestSupportError("pipe2 failed: errno \(errno)")
        }
        return (fds[0], fds[1])
    }

    /// A close-on-exec copy of `fd` numbered 100 or higher.
    private static func duplicateHigh(_ fd: Int32) -> Int32 {
        let copy = fcntl(fd, F_DUPFD_CLOEXEC, 100)
        precondition(copy >= 0, "cannot duplicate fd \(fd) for a child: errno \(errno)")
        return copy
    }

    /// Ignores SIGPIPE in the test process, once: a child that exits without reading all of
    /// its stdin (a server refusing an oversized body) must fail the write with EPIPE, not kill
    /// the whole test run. Children still start with default signal handling (SETSIGDEF).
    private static let ignoreBrokenPipes: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// Writes `input` to the child's stdin on a thread of its own, then closes it.
    private static func feed(_ input: [UInt8], to fd: Int32) {
        Self.ignoreBrokenPipes
        let thread = Thread {
            var offset = 0
            while offset < input.count {
                let written = input[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
            close(fd)
        }
        thread.start()
    }

    /// Calls `body` with a NULL-terminated C array of copies of `strings`.
    private static func withCStringArray<R>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// glibc's `pipe2`, which Swift's Glibc module hides (it is declared only under `_GNU_SOURCE`).
/// Atomic close-on-exec matters here: tests spawn children from many threads at once.
@_silgen_name("pipe2")
private func glibcPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

/// glibc's `posix_spawn_file_actions_addchdir_np` (glibc 2.29+), also hidden behind `_GNU_SOURCE`.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func glibcAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), hidden behind `_GNU_SOURCE`.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func glibcAddCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
