import CCurl
import Foundation
import TaskmgrCore

/// The monitor's HTTP client: libcurl's multi interface on the calling thread, with the
/// SSRF guard built in.
///
/// Guarantees, per request:
/// - the URL passes `PollURL.validate` (http/https, no userinfo, no odd numeric hosts, a
///   literal address checked by the policy);
/// - a host name is resolved once here (`getaddrinfo`), each address judged by
///   `options.addressPolicy`; only passing addresses are used, and none passing refuses
///   the request (`ResolvedHost`); libcurl is pinned to them with `CURLOPT_RESOLVE`;
/// - `CURLOPT_OPENSOCKETFUNCTION` re-checks the address of every socket libcurl opens;
/// - redirects are not followed (a 3xx is returned as is), only http/https, no proxy from
///   the environment, connect and total timeouts, a response-size limit, no signals.
///
/// Not thread-safe: use one client per thread. Connections stay cached between `perform`
/// calls, and so do easy handles (`CurlEasyPool`, one per concurrent slot) and header
/// lists (`RequestHeaderLists`): per request, only what differs is built.
public final class HTTPClient {
    public let options: HTTPClientOptions
    private let multi = CurlMulti()
    private let handles: CurlEasyPool
    private let headerLists = RequestHeaderLists()

    public init(options: HTTPClientOptions = HTTPClientOptions()) {
        precondition(options.maxConcurrent >= 1 && options.maxPerHost >= 1, "HTTPClient limits must be at least 1")
        self.options = options
        handles = CurlEasyPool(capacity: options.maxConcurrent)
        multi.set(CURLMOPT_MAX_TOTAL_CONNECTIONS, options.maxConcurrent)
        multi.set(CURLMOPT_MAX_HOST_CONNECTIONS, options.maxPerHost)
        multi.set(CURLMOPT_MAXCONNECTS, max(options.maxConcurrent, 8))
    }

    /// Runs every request with at most `maxConcurrent` in flight (`maxPerHost` per host),
    /// reusing connections; calls `completion` on the calling thread as each finishes
    /// (requests refused before any connection complete first). Returns when all are done.
    public func perform(_ requests: [HTTPRequest], completion: (Int, Result<HTTPResponse, HTTPFailure>) -> Void) {
        var queue = TransferQueue(maxConcurrent: options.maxConcurrent, maxPerHost: options.maxPerHost)
        var targets = [(url: PollURL, hostKey: String)?](repeating: nil, count: requests.count)
        var names: [String] = []
        for (index, request) in requests.enumerated() {
            switch PollURL.validate(request.url, policy: options.addressPolicy) {
            case .success(let url):
                let hostKey = "\(url.hostName):\(url.port)"
                targets[index] = (url, hostKey)
                queue.enqueue(index: index, hostKey: hostKey)
                if case .name(let name) = url.host { names.append(name) }
            case .failure(let error):
                completion(index, .failure(error.reason == .refusedAddress ? .refused(error.message) : .invalidURL(error.message)))
            }
        }
        var pins = HostPins(resolutions: ResolutionCache.resolve(names: names), policy: options.addressPolicy)
        var inFlight: [ObjectIdentifier: Transfer] = [:]

        while true {
            while let index = queue.nextAdmissible() {
                let target = targets[index]!
                switch start(index: index, request: requests[index], url: target.url, hostKey: target.hostKey, pins: &pins) {
                case .success(let transfer):
                    inFlight[ObjectIdentifier(transfer.easy)] = transfer
                    multi.add(transfer.easy)
                case .failure(let failure):
                    queue.finish(hostKey: target.hostKey)
                    completion(index, .failure(failure))
                }
            }
            if inFlight.isEmpty && queue.isEmpty { return }
            multi.perform()
            for (easy, code) in multi.finished() {
                guard let transfer = inFlight.removeValue(forKey: ObjectIdentifier(easy)) else { continue }
                multi.remove(easy)
                queue.finish(hostKey: transfer.hostKey)
                let outcome = transfer.outcome(code)
                handles.give(easy)
                completion(transfer.index, outcome)
            }
            if !inFlight.isEmpty && !queue.hasAdmissible { multi.poll(milliseconds: 250) }
        }
    }

    /// Builds the transfer on a pooled handle after the SSRF check of the host's resolved
    /// addresses (`HostPins`) and the check of the request's headers.
    private func start(index: Int, request: HTTPRequest, url: PollURL, hostKey: String, pins: inout HostPins) -> Result<Transfer, HTTPFailure> {
        var resolveList: CurlStringList?
        if case .name(let name) = url.host {
            switch pins.list(host: name, port: url.port, hostKey: hostKey) {
            case .failure(let failure): return .failure(failure)
            case .success(let list): resolveList = list
            }
        }
        let headerList: CurlStringList
        do {
            headerList = try headerLists.list(for: request.headers)
        } catch {
            return .failure(error)
        }
        return .success(Transfer(index: index, hostKey: hostKey, request: request, url: url, easy: handles.take(),
                                 headerList: headerList, resolveList: resolveList, options: options))
    }
}
