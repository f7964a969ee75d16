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
/// Not thread-safe: use one client per thread. Connections stay cached between `perform` calls.
public final class HTTPClient {
    public let options: HTTPClientOptions
    private let multi = CurlMulti()

    public init(options: HTTPClientOptions = HTTPClientOptions()) {
        precondition(options.maxConcurrent >= 1 && options.maxPerHost >= 1, "HTTPClient limits must be at least 1")
        self.options = options
        multi.set(CURLMOPT_MAX_TOTAL_CONNECTIONS, options.maxConcurrent)
        multi.set(CURLMOPT_MAX_HOST_CONNECTIONS, options.maxPerHost)
        multi.set(CURLMOPT_MAXCONNECTS, max(options.maxConcurrent, 8))
    }

    /// Runs every request with at most `maxConcurrent` in flight (`maxPerHost` per host),
    /// reusing connections; calls `completion` on the calling thread as each finishes
    /// (requests refused before any connection complete first). Returns when all are done.
    public func perform(_ requests: [HTTPRequest], completion: (Int, Result<HTTPResponse, HTTPFailure>) -> Void) {
        var queue = TransferQueue(maxConcurrent: options.maxConcurrent, maxPerHost: options.maxPerHost)
        var validated: [(index: Int, url: PollURL)] = []
        for (index, request) in requests.enumerated() {
            switch PollURL.validate(request.url, policy: options.addressPolicy) {
            case .success(let url): validated.append((index, url))
            case .failure(let error):
                completion(index, .failure(error.reason == .refusedAddress ? .refused(error.message) : .invalidURL(error.message)))
            }
        }
        let resolutions = ResolutionCache.resolve(names: validated.compactMap { if case .name(let n) = $0.url.host { n } else { nil } })
        for (index, url) in validated { queue.enqueue(index: index, hostKey: "\(url.hostName):\(url.port)") }
        let urls = Dictionary(uniqueKeysWithValues: validated.map { ($0.index, $0.url) })
        var inFlight: [ObjectIdentifier: Transfer] = [:]

        while true {
            while let index = queue.nextAdmissible() {
                let url = urls[index]!
                switch start(index: index, request: requests[index], url: url, resolutions: resolutions) {
                case .success(let transfer):
                    inFlight[ObjectIdentifier(transfer.easy)] = transfer
                    multi.add(transfer.easy)
                case .failure(let failure):
                    queue.finish(hostKey: "\(url.hostName):\(url.port)")
                    completion(index, .failure(failure))
                }
            }
            if inFlight.isEmpty && queue.isEmpty { return }
            multi.perform()
            for (easy, code) in multi.finished() {
                guard let transfer = inFlight.removeValue(forKey: ObjectIdentifier(easy)) else { continue }
                multi.remove(easy)
                queue.finish(hostKey: transfer.hostKey)
                completion(transfer.index, transfer.outcome(code))
            }
            if !inFlight.isEmpty && !queue.hasAdmissible { multi.poll(milliseconds: 250) }
        }
    }

    /// Builds the transfer after the SSRF check of the host's resolved addresses.
    private func start(index: Int, request: HTTPRequest, url: PollURL, resolutions: [String: Result<[IPAddress], ResolutionFailure>]) -> Result<Transfer, HTTPFailure> {
        var resolved: ResolvedHost?
        if case .name(let name) = url.host {
            switch resolutions[name] ?? .failure(ResolutionFailure("host \(name) was not resolved")) {
            case .failure(let failure): return .failure(.connect(failure.message))
            case .success(let addresses):
                switch ResolvedHost.check(host: name, addresses: addresses, policy: options.addressPolicy) {
                case .failure(let failure): return .failure(failure)
                case .success(let host): resolved = host
                }
            }
        }
        do {
            return .success(try Transfer(index: index, request: request, url: url, resolved: resolved, options: options))
        } catch {
            return .failure(error)
        }
    }
}
