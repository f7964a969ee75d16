import TaskmgrCore

/// A poll target after the SSRF guard: the addresses of its host that passed the policy.
///
/// Policy choice: a name may resolve to several addresses; taskmgr connects **only to the
/// ones that pass** and refuses the request when none does. libcurl is pinned to that list
/// (`CURLOPT_RESOLVE`), and the open-socket callback re-checks the one actually connected,
/// so an address that failed the check is never dialled.
struct ResolvedHost: Sendable {
    let addresses: [IPAddress]

    /// Judges `addresses` of `host`; fails with `.refused` naming each refused address and why.
    static func check(host: String, addresses: [IPAddress], policy: AddressPolicy) -> Result<ResolvedHost, HTTPFailure> {
        var passing: [IPAddress] = []
        var refusals: [String] = []
        for address in addresses {
            switch policy.verdict(address) {
            case .allowed: passing.append(address)
            case .refused(let reason): refusals.append("\(address) is \(reason)")
            }
        }
        guard !passing.isEmpty else {
            return .failure(.refused("host \(host) resolves only to non-public addresses (\(refusals.joined(separator: ", ")))"))
        }
        return .success(ResolvedHost(addresses: passing))
    }

    /// The `CURLOPT_RESOLVE` entry `host:port:addr[,addr…]` (IPv6 in brackets).
    func curlResolveEntry(host: String, port: Int) -> String {
        let list = addresses.map { $0.isIPv4 ? $0.description : "[\($0)]" }.joined(separator: ",")
        return "\(host):\(port):\(list)"
    }
}
