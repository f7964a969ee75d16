import Foundation

/// Plain CGI (fcgiwrap): one request from the process environment and stdin, the response on
/// stdout, then exit.
enum CGIResponder {
    static func respond(
        options: ServerOptions, label: String, environment: [String: String],
        makeHandler: @Sendable () -> FastCGIHandler
    ) -> Int32 {
        guard environment["REQUEST_METHOD"] != nil || environment["GATEWAY_INTERFACE"] != nil else {
            Log.error(label, "no listening socket and no CGI request: pass --listen PATH, "
                + "start it from systemd or spawn-fcgi, or run it from a CGI server",
                [("event", "no_socket")])
            return 2
        }
        let handler = makeHandler()
        let response = Exchange.respond(
            params: environment, maxBodyBytes: options.maxBodyBytes, label: label,
            readBody: readStandardInput, handler: handler)
        return Syscalls.writeAll(1, response.encoded()) ? 0 : 1
    }

    /// Reads up to `count` bytes from fd 0; fewer when stdin ended first.
    private static func readStandardInput(_ count: Int) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: count)
        var filled = 0
        body.withUnsafeMutableBytes { buffer in
            while filled < count {
                let got = Syscalls.read(0, UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if got <= 0 { break }
                filled += got
            }
        }
        body.removeSubrange(filled...)
        return body
    }
}
