import CCurl

/// Owns a libcurl multi handle: it drives many transfers on one thread and keeps the
/// connection cache, so connections are reused across transfers (and across `perform` calls).
final class CurlMulti {
    private let handle: UnsafeMutableRawPointer
    /// Easy handles currently added, so finished ones map back to their Swift owner.
    private var added: [UnsafeMutableRawPointer: CurlEasy] = [:]

    /// The corresponding C function is `curl_multi_init`.
    init() {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_multi_init() else { fatalError("curl_multi_init returned NULL (out of memory)") }
        self.handle = handle
    }

    /// The corresponding C function is `curl_multi_cleanup` (after removing any handle still added).
    deinit {
        for easy in added.keys { curl_multi_remove_handle(handle, easy) }
        curl_multi_cleanup(handle)
    }

    /// The corresponding C function is `curl_multi_setopt` with a `long` argument.
    func set(_ option: CURLMoption, _ value: Int) {
        let code = tm_multi_setopt_long(handle, option, value)
        precondition(code == CURLM_OK, "curl_multi_setopt(\(option.rawValue)) failed: \(code.rawValue)")
    }

    /// The corresponding C function is `curl_multi_add_handle`.
    func add(_ easy: CurlEasy) {
        let code = curl_multi_add_handle(handle, easy.handle)
        precondition(code == CURLM_OK, "curl_multi_add_handle failed: \(code.rawValue)")
        added[easy.handle] = easy
    }

    /// The corresponding C function is `curl_multi_remove_handle`.
    func remove(_ easy: CurlEasy) {
        curl_multi_remove_handle(handle, easy.handle)
        added[easy.handle] = nil
    }

    /// Advances every transfer as far as it can go without blocking.
    /// The corresponding C function is `curl_multi_perform`.
    func perform() {
        var running: Int32 = 0
        let code = curl_multi_perform(handle, &running)
        precondition(code == CURLM_OK, "curl_multi_perform failed: \(code.rawValue)")
    }

    /// Waits until a socket is ready or `milliseconds` pass.
    /// The corresponding C function is `curl_multi_poll`.
    func poll(milliseconds: Int) {
        _ = curl_multi_poll(handle, nil, 0, Int32(milliseconds), nil)
    }

    /// Transfers that finished since the last call, with libcurl's result code.
    /// The corresponding C function is `curl_multi_info_read`.
    func finished() -> [(easy: CurlEasy, code: CURLcode)] {
        var result: [(easy: CurlEasy, code: CURLcode)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(handle, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let raw = message.pointee.easy_handle,
                  let easy = added[raw] else { continue }
            result.append((easy, message.pointee.data.result))
        }
        return result
    }
}
