import TaskmgrCore

/// The `CURLOPT_RESOLVE` lists of one `perform` call: for each host name and port, the
/// addresses that passed the policy, judged once and shared by every request to it.
///
/// Why: the answer cannot change within a call (one lookup per name, one policy), so
/// judging the same addresses and building the same list again for each of thousands of
/// requests to one job API was wasted work. A refusal is remembered the same way.
struct HostPins {
    private let resolutions: [String: Result<[IPAddress], ResolutionFailure>]
    private let policy: AddressPolicy
    private var lists: [String: Result<CurlStringList, HTTPFailure>] = [:]

    init(resolutions: [String: Result<[IPAddress], ResolutionFailure>], policy: AddressPolicy) {
        self.resolutions = resolutions
        self.policy = policy
    }

    /// The list pinning `host:port` to its allowed addresses, or why no request may go there.
    mutating func list(host: String, port: Int, hostKey: String) -> Result<CurlStringList, HTTPFailure> {
        if let known = lists[hostKey] { return known }
        let result: Result<CurlStringList, HTTPFailure>
        switch resolutions[host] ?? .failure(ResolutionFailure("host \(host) was not resolved")) {
        case .failure(let failure):
            result = .failure(.connect(failure.message))
        case .success(let addresses):
            result = ResolvedHost.check(host: host, addresses: addresses, policy: policy)
                .map { CurlStringList([$0.curlResolveEntry(host: host, port: port)]) }
        }
        lists[hostKey] = result
        return result
    }
}
