#if canImport(Glibc)
import Glibc
#endif
import CCurl
import TaskmgrCore

/// The C callbacks libcurl calls during a transfer. They are plain functions (no
/// captures); the `Transfer` comes back through the user-data pointer.
extension Transfer {
    /// Collects body bytes; returning less than given makes libcurl stop with
    /// `CURLE_WRITE_ERROR`, which is how the size limit ends a transfer.
    static let onBody: curl_write_callback = { data, size, count, user in
        let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
        let length = size * count
        guard transfer.body.count + length <= transfer.maxResponseBytes else {
            transfer.tooLarge = true
            return 0
        }
        if let data, length > 0 {
            transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        }
        return length
    }

    /// Collects header lines; a new status line (after `100 Continue` or an interim
    /// response) starts the list afresh so only the final response's headers remain.
    static let onHeader: curl_write_callback = { data, size, count, user in
        let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
        let length = size * count
        transfer.headerBytes += length
        guard transfer.headerBytes <= transfer.maxResponseBytes else {
            transfer.tooLarge = true
            return 0
        }
        guard let data, length > 0 else { return length }
        switch ResponseHeaderLine.parse(UnsafeRawBufferPointer(start: data, count: length)) {
        case .statusLine: transfer.headers.removeAll(keepingCapacity: true)
        case .field(let name, let value): transfer.headers.append((name: name, value: value))
        case .other: break
        }
        return length
    }

    /// The last line of defence: libcurl asks for a socket to connect to `address`; the
    /// address is checked against the policy again and refused with `CURL_SOCKET_BAD`, so
    /// even a resolution or redirect path this client did not foresee cannot reach it.
    static let onOpenSocket: curl_opensocket_callback = { user, purpose, address in
        let transfer = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
        guard let address else { return CURL_SOCKET_BAD }
        let family = address.pointee.family
        let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
        let raw = UnsafeRawPointer(address).advanced(by: offset)
        guard let ip = SocketAddress.ipAddress(family: family, sockaddr: raw, length: Int(address.pointee.addrlen)) else {
            transfer.refusedAddress = "libcurl asked to connect to a non-IP address family \(family)"
            return CURL_SOCKET_BAD
        }
        if case .refused(let reason) = transfer.policy.verdict(ip) {
            transfer.refusedAddress = "address \(ip) is \(reason)"
            return CURL_SOCKET_BAD
        }
        return Transfer.openSocket(family: family, type: address.pointee.socktype, protocol: address.pointee.protocol)
    }

    /// The corresponding C function is `socket` (close-on-exec, so no child inherits it).
    static func openSocket(family: Int32, type: Int32, protocol: Int32) -> curl_socket_t {
        let fd = socket(family, type | Int32(SOCK_CLOEXEC.rawValue), `protocol`)
        return fd < 0 ? CURL_SOCKET_BAD : fd
    }
}
