import CCurl

/// Owns a libcurl `curl_slist` (request headers, `CURLOPT_RESOLVE` entries); it must
/// outlive the transfer that uses it, so a `Transfer` keeps it.
final class CurlStringList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String] = []) {
        items.forEach(append)
    }

    /// The corresponding C function is `curl_slist_append` (which copies the string).
    func append(_ item: String) {
        guard let newHead = item.withCString({ curl_slist_append(head, $0) }) else {
            fatalError("curl_slist_append returned NULL (out of memory)")
        }
        head = newHead
    }

    /// The corresponding C function is `curl_slist_free_all`.
    deinit {
        curl_slist_free_all(head)
    }
}
