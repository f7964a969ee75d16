/// Easy handles kept between transfers, so a client makes one handle per concurrent slot
/// instead of one per request.
///
/// Why: a new handle costs `curl_easy_init` (a large zeroed struct), its receive buffer,
/// and `curl_easy_cleanup` freeing them again; at tens of thousands of polls per cycle
/// that was a visible share of the client's time. A handle comes back `reset()`, configured
/// exactly like a new one, so nothing of one transfer (method, body, headers, pinned
/// addresses, callbacks' user data, error text) can reach the next. Connections are not
/// the handle's: they stay in the multi handle's cache either way.
final class CurlEasyPool {
    private var idle: [CurlEasy] = []
    /// The most handles kept; more than this are cleaned up when given back.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        idle.reserveCapacity(capacity)
    }

    /// A handle with libcurl's default options, reused when one is idle.
    func take() -> CurlEasy {
        idle.popLast() ?? CurlEasy()
    }

    /// Takes back a handle no multi handle holds any more; it is reset now, so the lists
    /// and user-data pointers of its last transfer are released at once.
    func give(_ easy: CurlEasy) {
        guard idle.count < capacity else { return }
        easy.reset()
        idle.append(easy)
    }
}
