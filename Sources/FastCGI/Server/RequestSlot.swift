import CFastCGI

/// One worker's `FCGX_Request`: the only owner of the C struct, which lives at a fixed heap
/// address because libfcgi's streams point back into it. Params and body are copied into
/// Swift before `finish`, after which libfcgi frees its strings.
final class RequestSlot {
    private let request: UnsafeMutablePointer<FCGX_Request>

    /// Prepares a request that accepts on `listenFD`.
    init(listenFD: Int32) {
        request = .allocate(capacity: 1)
        request.initialize(to: FCGX_Request())
        let status = LibFCGI.initRequest(request, listenFD: listenFD)
        precondition(status == 0, "FCGX_InitRequest failed (\(status)); FCGX_Init must run first")
    }

    /// Waits for the next request; 0 on success, a negative errno (or -9999) otherwise.
    func accept() -> Int32 {
        LibFCGI.accept(request)
    }

    /// Every param of the accepted request, copied.
    func params() -> [String: String] {
        var result: [String: String] = [:]
        guard var entry = request.pointee.envp else { return result }
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// Reads up to `count` body bytes; fewer when the web server's stream ended early.
    func readBody(_ count: Int) -> [UInt8] {
        guard let stream = request.pointee.`in`, count > 0 else { return [] }
        var body = [UInt8](repeating: 0, count: count)
        var filled = 0
        body.withUnsafeMutableBufferPointer { buffer in
            while filled < count {
                let chunk = Int32(min(count - filled, 1 << 20))
                let start = UnsafeMutableRawPointer(buffer.baseAddress! + filled).assumingMemoryBound(to: CChar.self)
                let got = LibFCGI.read(start, count: chunk, from: stream)
                if got <= 0 { break }
                filled += Int(got)
                if got < chunk { break }
            }
        }
        body.removeSubrange(filled...)
        return body
    }

    /// Writes the response bytes; false if the web server went away.
    func write(_ bytes: [UInt8]) -> Bool {
        guard let stream = request.pointee.out else { return false }
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 20)
            let written = bytes[offset..<(offset + chunk)].withUnsafeBytes { raw in
                LibFCGI.write(raw.baseAddress!.assumingMemoryBound(to: CChar.self), count: Int32(chunk), to: stream)
            }
            if written < 0 { return false }
            offset += chunk
        }
        return true
    }

    /// Ends the request: flushes, closes the connection, frees libfcgi's copies.
    ///
    /// A connection the web server asked to keep (`fastcgi_keep_conn on`) is closed anyway:
    /// libfcgi would read the next request from it inside accept, so one idle kept connection
    /// would hold the accept turn and stall every other worker (see PITFALLS). The web server
    /// simply opens a new connection.
    func finish() {
        LibFCGI.finish(request)
        if request.pointee.ipcFd >= 0 {
            LibFCGI.free(request, closeConnection: true)
        }
    }

    deinit {
        LibFCGI.free(request, closeConnection: true)
        request.deinitialize(count: 1)
        request.deallocate()
    }
}
