import Foundation
import TaskmgrCore

/// Resolves every distinct host name of one `perform` call up front, before any transfer
/// starts, so a slow DNS answer never stalls transfers in flight and each name is looked
/// up exactly once per call. Lookups run in parallel on Dispatch's worker threads (as many
/// as there are cores); `getaddrinfo` has no timeout of its own, so a dead resolver costs
/// its configured timeout (resolv.conf `timeout`/`attempts`) once per call, not per request.
enum ResolutionCache {
    static let parallelLookups = 8

    static func resolve(names: [String]) -> [String: Result<[IPAddress], ResolutionFailure>] {
        let distinct = Array(Set(names))
        guard !distinct.isEmpty else { return [:] }
        let results = LockedResults()
        let chunks = stride(from: 0, to: distinct.count, by: parallelLookups).map { Array(distinct[$0..<min($0 + parallelLookups, distinct.count)]) }
        for chunk in chunks {
            DispatchQueue.concurrentPerform(iterations: chunk.count) { position in
                results.store(chunk[position], HostResolver.addresses(of: chunk[position]))
            }
        }
        return results.snapshot()
    }

    private final class LockedResults: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: Result<[IPAddress], ResolutionFailure>] = [:]
        func store(_ name: String, _ result: Result<[IPAddress], ResolutionFailure>) {
            lock.withLock { values[name] = result }
        }
        func snapshot() -> [String: Result<[IPAddress], ResolutionFailure>] {
            lock.withLock { values }
        }
    }
}
