import CCurl

/// Owns one libcurl easy handle (one transfer at a time; `reset()` readies it for the
/// next, see `CurlEasyPool`). Options go through the typed C shims because
/// `curl_easy_setopt` is variadic; a failing setopt is a programmer error here (wrong
/// type or unsupported option on this libcurl), so it is a precondition.
final class CurlEasy {
    /// The raw handle, only for `CurlMulti` in this folder.
    let handle: UnsafeMutableRawPointer
    /// Lists the handle points into; kept until after `curl_easy_cleanup` or `reset()`.
    private var lists: [CurlStringList] = []
    /// libcurl writes a readable message here when a transfer fails (`CURLOPT_ERRORBUFFER`).
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    /// The corresponding C function is `curl_easy_init`.
    init() {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else { fatalError("curl_easy_init returned NULL (out of memory)") }
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        check(tm_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)), CURLOPT_ERRORBUFFER)
    }

    /// Puts every option back to libcurl's default, as on a new handle, and forgets the
    /// previous transfer's error message and lists; only libcurl's caches (DNS, TLS
    /// sessions) and its allocated buffers stay. Call it only while no multi handle holds
    /// this one. The corresponding C function is `curl_easy_reset`.
    func reset() {
        curl_easy_reset(handle)
        lists.removeAll(keepingCapacity: true)
        errorBuffer[0] = 0
        check(tm_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)), CURLOPT_ERRORBUFFER)
    }

    /// The corresponding C function is `curl_easy_cleanup`; the error buffer and lists
    /// the handle points into are released only after it.
    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// libcurl's message for the last failure, or its generic text for `code`.
    func errorMessage(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? CurlGlobal.describe(code) : detail
    }

    /// The corresponding C function is `curl_easy_setopt` with a `long` argument.
    func set(_ option: CURLoption, _ value: Int) {
        check(tm_easy_setopt_long(handle, option, value), option)
    }

    /// The corresponding C function is `curl_easy_setopt` with a `curl_off_t` argument.
    func set(_ option: CURLoption, offset value: Int64) {
        check(tm_easy_setopt_off(handle, option, curl_off_t(value)), option)
    }

    /// The corresponding C function is `curl_easy_setopt` with a string (libcurl copies it).
    func set(_ option: CURLoption, _ value: String) {
        check(value.withCString { tm_easy_setopt_string(handle, option, $0) }, option)
    }

    /// The corresponding C function is `curl_easy_setopt` with a data pointer (callback user data).
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) {
        check(tm_easy_setopt_pointer(handle, option, value), option)
    }

    /// The corresponding C function is `curl_easy_setopt` with a `curl_slist` (kept alive as long as this handle).
    func set(_ option: CURLoption, list: CurlStringList) {
        check(tm_easy_setopt_slist(handle, option, list.head), option)
        lists.append(list)
    }

    /// The corresponding C function is `curl_easy_setopt` with a write or header callback.
    func set(_ option: CURLoption, callback: curl_write_callback) {
        check(tm_easy_setopt_write_function(handle, option, callback), option)
    }

    /// The corresponding C function is `curl_easy_setopt(CURLOPT_OPENSOCKETFUNCTION)`.
    func setOpenSocket(_ callback: curl_opensocket_callback) {
        check(tm_easy_setopt_opensocket_function(handle, callback), CURLOPT_OPENSOCKETFUNCTION)
    }

    /// The corresponding C function is `curl_easy_getinfo` with a `long` result.
    func info(_ item: CURLINFO) -> Int {
        var value = 0
        _ = tm_easy_getinfo_long(handle, item, &value)
        return value
    }

    /// The corresponding C function is `curl_easy_setopt(CURLOPT_COPYPOSTFIELDS)`; the
    /// size is set first so a body with NUL bytes is sent whole.
    func setBody(_ body: [UInt8]) {
        set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        guard !body.isEmpty else {
            set(CURLOPT_COPYPOSTFIELDS, "")
            return
        }
        body.withUnsafeBytes { raw in
            check(tm_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress)), CURLOPT_COPYPOSTFIELDS)
        }
    }

    private func check(_ code: CURLcode, _ option: CURLoption) {
        precondition(code == CURLE_OK, "curl_easy_setopt(\(option.rawValue)) failed: \(CurlGlobal.describe(code))")
    }
}
