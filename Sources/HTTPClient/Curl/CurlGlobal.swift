import CCurl

/// libcurl's process-wide set-up, done exactly once before the first handle is made.
enum CurlGlobal {
    /// The corresponding C function is `curl_global_init`. Swift runs a static `let`
    /// initializer once, thread-safely; libcurl counts nested inits (FoundationNetworking
    /// may call it too), so this never tears down anyone else's state.
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    static func ensureInitialized() {
        precondition(initialized, "curl_global_init failed")
    }

    /// The corresponding C function is `curl_easy_strerror`.
    static func describe(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}
