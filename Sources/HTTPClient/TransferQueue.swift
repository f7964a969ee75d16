/// Which waiting request may start next: first come first served, skipping requests
/// whose host already has `maxPerHost` in flight, never more than `maxConcurrent` at once.
/// Enforced here (not only by libcurl's connection limits) so a queued request's
/// timeout starts when it really starts.
struct TransferQueue {
    let maxConcurrent: Int
    let maxPerHost: Int
    /// Requests in arrival order; a started one becomes nil, and `head` skips past the
    /// started prefix, so the common case (no host at its limit) is O(1) per start.
    private var waiting: [(index: Int, hostKey: String)?] = []
    private var head = 0
    private var remaining = 0
    private var running = 0
    private var runningPerHost: [String: Int] = [:]

    init(maxConcurrent: Int, maxPerHost: Int) {
        self.maxConcurrent = maxConcurrent
        self.maxPerHost = maxPerHost
    }

    var isEmpty: Bool { remaining == 0 }

    var hasAdmissible: Bool { running < maxConcurrent && firstAdmissible() != nil }

    mutating func enqueue(index: Int, hostKey: String) {
        waiting.append((index, hostKey))
        remaining += 1
    }

    /// Takes the first admissible request and counts it as running.
    mutating func nextAdmissible() -> Int? {
        guard running < maxConcurrent, let position = firstAdmissible(), let next = waiting[position] else { return nil }
        waiting[position] = nil
        remaining -= 1
        while head < waiting.count && waiting[head] == nil { head += 1 }
        running += 1
        runningPerHost[next.hostKey, default: 0] += 1
        return next.index
    }

    mutating func finish(hostKey: String) {
        running -= 1
        runningPerHost[hostKey, default: 1] -= 1
    }

    private func firstAdmissible() -> Int? {
        var position = head
        while position < waiting.count {
            if let entry = waiting[position], runningPerHost[entry.hostKey, default: 0] < maxPerHost { return position }
            position += 1
        }
        return nil
    }
}
