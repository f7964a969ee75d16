import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One connection's life: read a request, record it, answer as scripted, repeat while the
/// connection is kept alive.
extension MockHTTPServer {
    func serve(_ fd: Int32, connection: Int) {
        defer {
            lock.withLock { _ = openFDs.remove(fd) }
            close(fd)
        }
        var buffer: [UInt8] = []
        while let (request, keepAlive) = readRequest(fd, &buffer, connection: connection) {
            let handler = lock.withLock {
                recorded.append(request)
                handling += 1
                maxHandling = max(maxHandling, handling)
                return routes[request.path] ?? fallback
            }
            let response = handler(request)
            let answered = answer(fd, request: request, response: response)
            lock.withLock { handling -= 1 }
            guard answered, keepAlive, !response.closeConnection, !response.omitContentLength else { return }
        }
    }

    /// Waits, then writes the response; false when the connection should end now.
    private func answer(_ fd: Int32, request: Request, response: Response) -> Bool {
        if response.hang {
            waitUntilClientCloses(fd)
            return false
        }
        let deadline = Date().addingTimeInterval(response.delay)
        while Date() < deadline {
            if isStopped { return false }
            usleep(UInt32(min(10_000, max(1, deadline.timeIntervalSinceNow * 1_000_000))))
        }
        var head = "HTTP/1.1 \(response.status) \(Self.reasonPhrase(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let hasLength = response.headers.contains { $0.0.lowercased() == "content-length" }
        if !hasLength && !response.omitContentLength { head += "Content-Length: \(response.body.count)\r\n" }
        if response.closeConnection || response.omitContentLength { head += "Connection: close\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + (request.method == "HEAD" ? [] : response.body)
        return sendAll(fd, bytes)
    }

    /// Reads one request (head and `Content-Length` body); nil when the client closed,
    /// the server stopped or the request is malformed.
    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8], connection: Int) -> (Request, Bool)? {
        var headEnd: Int?
        var searchFrom = 0
        while headEnd == nil {
            headEnd = Self.find([13, 10, 13, 10], in: buffer, from: searchFrom)
            if headEnd == nil {
                searchFrom = max(0, buffer.count - 3)
                guard buffer.count < 256 * 1024, let more = receive(fd) else { return nil }
                buffer += more
            }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first { $0.name == "content-length" }?.value ?? "0") ?? 0
        let bodyStart = headEnd! + 4
        while buffer.count < bodyStart + length {
            guard let more = receive(fd) else { return nil }
            buffer += more
        }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        let target = String(requestLine[1])
        let path = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let connectionHeader = headers.first { $0.name == "connection" }?.value.lowercased() ?? ""
        let keepAlive = requestLine[2] == "HTTP/1.1" ? connectionHeader != "close" : connectionHeader == "keep-alive"
        let request = Request(method: String(requestLine[0]), target: target, path: path, headers: headers, body: body, connection: connection)
        return (request, keepAlive)
    }

    /// Up to 64 KiB from the client, waiting in short slices so `stop` is noticed; nil at
    /// end of stream, on error, or when stopped.
    private func receive(_ fd: Int32) -> [UInt8]? {
        while !isStopped {
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollFD, 1, 100)
            if ready < 0 && errno != EINTR { return nil }
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            return Array(chunk[..<count])
        }
        return nil
    }

    private func waitUntilClientCloses(_ fd: Int32) {
        while receive(fd) != nil {}
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 410: return "Gone"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
