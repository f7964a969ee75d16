/// The `CURLOPT_HTTPHEADER` lists of one client, built once per distinct set of request
/// headers and shared by every transfer that sends the same set.
///
/// Why: the monitor sends the same few headers on every poll (`Accept`, plus a task's
/// named credential), so checking them and copying them into a new `curl_slist` for each
/// request was repeated work. Headers are checked before the cache is consulted, so a
/// header smuggling a line break is refused every time, never matched to a cached list.
/// A list stays alive while any handle still points into it (`CurlEasy` keeps it).
final class RequestHeaderLists {
    private var lists: [String: CurlStringList] = [:]
    /// The most distinct header sets kept; beyond it, lists are built per request.
    let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The list for `headers` (in order, then `Expect:` to stop libcurl's `100-continue`
    /// wait on bodies), or `.other` naming the first unsafe header.
    func list(for headers: [(String, String)]) throws(HTTPFailure) -> CurlStringList {
        var lines: [String] = []
        lines.reserveCapacity(headers.count + 1)
        for (name, value) in headers {
            guard Self.isSafeHeader(name: name, value: value) else {
                throw .other("header \(name.prefix(40)) contains a line break or an invalid name")
            }
            lines.append(value.isEmpty ? name + ";" : name + ": " + value)
        }
        lines.append("Expect:")
        // Checked lines hold no CR or LF, so joining them with LF is an unambiguous key.
        let key = lines.joined(separator: "\n")
        if let cached = lists[key] { return cached }
        let list = CurlStringList(lines)
        if lists.count < capacity { lists[key] = list }
        return list
    }

    /// Names are RFC 9110 tokens; neither part may smuggle a CR, LF or NUL into the request.
    /// Byte-wise: the same verdict as checking Characters and Unicode scalars (a token is
    /// ASCII, and CR, LF and NUL are single bytes in UTF-8), without building sets per call.
    static func isSafeHeader(name: String, value: String) -> Bool {
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else { return false }
        return !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
