import Foundation

extension ServerOptions {
    /// The `--help` text shared by every FastCGI executable.
    public static func usage(label: String) -> String {
        """
        usage: \(label) [--listen PATH] [--workers N] [--idle-timeout SECONDS] [--max-requests N]
               [--max-body-bytes N] [--socket-mode OCTAL] [--listen-backlog N]

        Serves FastCGI on the socket it is given: systemd socket activation (LISTEN_FDS, fd 3),
        a listening socket on fd 0 (StandardInput=socket, spawn-fcgi), or its own unix socket
        with --listen PATH. Started by a CGI server (fcgiwrap) it answers one request as CGI.

          --listen PATH          bind this unix socket (stale socket replaced, mode --socket-mode)
          --workers N            worker threads (env TASKMGR_WORKERS, default 4)
          --idle-timeout S       exit after S seconds without requests, 0 = never
                                 (env TASKMGR_IDLE_TIMEOUT, default 60)
          --max-requests N       exit after N requests, 0 = never (env TASKMGR_MAX_REQUESTS)
          --max-body-bytes N     larger bodies get 413 (env TASKMGR_MAX_BODY_BYTES, default 1048576)
          --socket-mode OCTAL    file mode of the --listen socket (default 0660)
          --listen-backlog N     listen backlog of the --listen socket (default 128)

        SIGTERM finishes the requests in flight and exits 0.

        """
    }

    /// `parse`, printing the usage for `--help` (exit 0) or the problem for a bad flag (exit 2).
    public static func parseOrExit(
        label: String,
        arguments: [String] = CommandLine.arguments,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ServerOptions {
        do {
            return try parse(arguments: arguments, environment: environment)
        } catch let error as ParseError where error.isHelpRequest {
            Syscalls.writeAll(1, Array(usage(label: label).utf8))
            exit(0)
        } catch {
            Syscalls.writeAll(2, Array("\(label): \(error)\n\n\(usage(label: label))".utf8))
            exit(2)
        }
    }
}
