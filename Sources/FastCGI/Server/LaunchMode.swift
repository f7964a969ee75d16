import Foundation

/// How the process got its socket, decided in one place, in this order:
/// 1. `--listen PATH`: bind it ourselves (local runs, tests).
/// 2. `LISTEN_PID` = our pid and `LISTEN_FDS` ≥ 1: systemd socket activation, fd 3.
///    Checked before fd 0 because under socket activation fd 0 is /dev/null.
/// 3. fd 0 is a listening socket: systemd `StandardInput=socket`, spawn-fcgi.
/// 4. otherwise plain CGI (fcgiwrap), per `FCGX_IsCGI`; if libfcgi still sees FastCGI on
///    fd 0, serve fd 0.
enum LaunchMode {
    case listen(UnixListener)
    case socketActivation(fd: Int32)
    case inheritedSocket(fd: Int32)
    case cgi

    /// The `mode=` value in the started log line.
    var name: String {
        switch self {
        case .listen: "listen"
        case .socketActivation: "systemd"
        case .inheritedSocket: "stdin"
        case .cgi: "cgi"
        }
    }

    /// The listening descriptor, nil in CGI mode.
    var listenFD: Int32? {
        switch self {
        case .listen(let listener): listener.fd
        case .socketActivation(let fd), .inheritedSocket(let fd): fd
        case .cgi: nil
        }
    }

    static func detect(
        options: ServerOptions, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> LaunchMode {
        if let path = options.listenPath {
            return .listen(try UnixListener(path: path, mode: options.socketMode,
                                            backlog: Int32(options.listenBacklog)))
        }
        if let pid = environment["LISTEN_PID"].flatMap(Int32.init), pid == Syscalls.processID(),
           let count = environment["LISTEN_FDS"].flatMap(Int.init), count >= 1 {
            // As sd_listen_fds does: the variables are for this process, not its children.
            for name in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] { Syscalls.unsetEnvironment(name) }
            Syscalls.setCloseOnExec(3)
            return .socketActivation(fd: 3)
        }
        if Syscalls.isListeningSocket(0) {
            return .inheritedSocket(fd: 0)
        }
        return LibFCGI.isCGI() ? .cgi : .inheritedSocket(fd: 0)
    }
}
