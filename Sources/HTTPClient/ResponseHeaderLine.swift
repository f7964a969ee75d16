/// One header line as libcurl hands it to the header callback, read from its bytes.
///
/// Byte-wise because this runs for every header of every poll: the earlier version made a
/// `String` of the whole line, lowercased a Unicode substring and trimmed by Characters
/// through a `Set` built per call, which was a tenth of the monitor's CPU. A name with a
/// non-ASCII byte (never a valid token) still gets Unicode lowercasing, as before.
enum ResponseHeaderLine: Equatable {
    /// `HTTP/…`: a new response begins (after `100 Continue` or another interim answer).
    case statusLine
    /// `name: value`, the name lowercased, the value without surrounding spaces, tabs, CR, LF.
    case field(name: String, value: String)
    /// Anything else: the blank line that ends the headers, or a line without a colon.
    case other

    static func parse(_ bytes: UnsafeRawBufferPointer) -> ResponseHeaderLine {
        if bytes.count >= 5, bytes[0] == 0x48, bytes[1] == 0x54, bytes[2] == 0x54, bytes[3] == 0x50, bytes[4] == 0x2F {
            return .statusLine
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return .other }
        var start = colon + 1
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return .field(name: lowercasedName(UnsafeRawBufferPointer(rebasing: bytes[..<colon])), value: value)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    private static func lowercasedName(_ name: UnsafeRawBufferPointer) -> String {
        guard name.allSatisfy({ $0 < 0x80 }) else {
            return String(decoding: name, as: UTF8.self).lowercased()
        }
        return String(unsafeUninitializedCapacity: name.count) { output in
            for (position, byte) in name.enumerated() {
                output[position] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            }
            return name.count
        }
    }
}
