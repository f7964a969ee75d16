/// Which waiting request may start next: first come first served, skipping requests
/// whose host already has `maxPerHost` in flight, never more than `maxConcurrent` at once.
/// Enforced here (not only by libcurl's connection limits) so a queued request's
/// timeout starts when it really starts.
struct TransferQueue {
    let maxConcurrent: Int
    let maxPerHost: Int
    private var waiting: [(index: Int, hostKey: String)] = []
    private var running = 0
    private var runningPerHost: [String: Int] = [:]

    init(maxConcurrent: Int, maxPerHost: Int) {
        self.maxConcurrent = maxConcurrent
        self.maxPerHost = maxPerHost
    }

    var isEmpty: Bool { waiting.isEmpty }

    var hasAdmissible: Bool {
        running < maxConcurrent && waiting.contains { runningPerHost[$0.hostKey, default: 0] < maxPerHost }
    }

    mutating func enqueue(index: Int, hostKey: String) {
        waiting.append((index, hostKey))
    }

    /// Takes the first admissible request and counts it as running.
    mutating func nextAdmissible() -> Int? {
        guard running < maxConcurrent,
              let position = waiting.firstIndex(where: { runningPerHost[$0.hostKey, default: 0] < maxPerHost }) else { return nil }
        let next = waiting.remove(at: position)
        running += 1
        runningPerHost[next.hostKey, default: 0] += 1
        return next.index
    }

    mutating func finish(hostKey: String) {
        running -= 1
        runningPerHost[hostKey, default: 1] -= 1
    }
}
