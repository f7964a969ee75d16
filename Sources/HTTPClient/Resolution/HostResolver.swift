#if canImport(Glibc)
import Glibc
#endif
import TaskmgrCore

/// Resolves a host name to its addresses once, so the address policy judges exactly the
/// addresses libcurl is then told to use (no second lookup an attacker's DNS could answer
/// differently).
enum HostResolver {
    /// Every distinct IPv4 and IPv6 address of `host`, in the resolver's order, or a message.
    /// The corresponding C function is `getaddrinfo` (with `freeaddrinfo`).
    static func addresses(of host: String) -> Result<[IPAddress], ResolutionFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            return .failure(ResolutionFailure("could not resolve host \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var found: [IPAddress] = []
        var cursor = list
        while let entry = cursor {
            if let raw = entry.pointee.ai_addr,
               let address = SocketAddress.ipAddress(family: entry.pointee.ai_family, sockaddr: raw, length: Int(entry.pointee.ai_addrlen)),
               !found.contains(address) {
                found.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        return found.isEmpty ? .failure(ResolutionFailure("host \(host) has no IPv4 or IPv6 address")) : .success(found)
    }
}

/// Why a host name has no usable address, worded for a task's `error_message`.
struct ResolutionFailure: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
