#if canImport(Glibc)
import Glibc
#endif

/// The POSIX calls the server makes, each wrapped once, with EINTR retried in one place.
enum Syscalls {
    /// Repeats `call` while it fails with EINTR (a signal arrived before anything happened).
    @inline(__always)
    static func retryingInterrupts<T: SignedInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    /// Waits until `fds` are ready or `timeoutMilliseconds` pass (-1 waits forever).
    /// Interrupted waits return 0 so callers re-check their state.
    /// The corresponding C function is `poll`.
    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) -> Int32 {
        let count = nfds_t(fds.count)
        let result = fds.withUnsafeMutableBufferPointer { Glibc.poll($0.baseAddress, count, timeoutMilliseconds) }
        if result < 0 && errno == EINTR { return 0 }
        return result
    }

    /// Reads into `buffer`, retrying EINTR; returns bytes read, 0 at end of file, -1 on error.
    /// The corresponding C function is `read`.
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
        retryingInterrupts { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes all of `bytes`, retrying EINTR and short writes; false if the fd broke.
    /// The corresponding C function is `write`.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                retryingInterrupts { Glibc.write(fd, raw.baseAddress, raw.count) }
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Whether `fd` is a socket in listening state (what systemd and spawn-fcgi hand over).
    /// The corresponding C function is `getsockopt` with `SO_ACCEPTCONN`.
    static func isListeningSocket(_ fd: Int32) -> Bool {
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 else { return false }
        return accepting != 0
    }

    /// Marks `fd` close-on-exec, so a listening socket never leaks into a program the route runs.
    /// The corresponding C function is `fcntl` with `F_SETFD`.
    static func setCloseOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    /// Creates a pipe whose ends close on exec; nil when the process is out of descriptors.
    /// The corresponding C function is `pipe` (then `fcntl`, before any thread exists).
    static func makePipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        setCloseOnExec(fds[0])
        setCloseOnExec(fds[1])
        return (fds[0], fds[1])
    }

    /// Pauses the calling thread. The corresponding C function is `usleep`.
    static func sleep(seconds: Double) {
        _ = usleep(useconds_t(seconds * 1_000_000))
    }

    /// Closes `fd`. The corresponding C function is `close`.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// The calling process's id. The corresponding C function is `getpid`.
    static func processID() -> Int32 {
        getpid()
    }

    /// Sends `signal` to one thread of this process. The corresponding C function is `pthread_kill`.
    static func signalThread(_ thread: pthread_t, _ signal: Int32) {
        _ = pthread_kill(thread, signal)
    }

    /// The calling thread's id. The corresponding C function is `pthread_self`.
    static func currentThread() -> pthread_t {
        pthread_self()
    }

    /// Removes an environment variable. The corresponding C function is `unsetenv`.
    static func unsetEnvironment(_ name: String) {
        _ = unsetenv(name)
    }
}
