/// What to do with a request body before reading a byte of it: CONTENT_LENGTH decides, so an
/// oversized upload is refused without being read and a handler never sees a partial body.
enum BodyPlan: Equatable {
    /// Read exactly this many bytes.
    case read(Int)
    /// Answer this status without calling the handler.
    case reject(status: Int, detail: String)

    static func plan(contentLength: String?, maxBodyBytes: Int) -> BodyPlan {
        guard let text = contentLength?.trimmingSpaces, !text.isEmpty else { return .read(0) }
        guard text.allSatisfy(\.isASCIIDigit) else {
            return .reject(status: 400, detail: "CONTENT_LENGTH is not a number")
        }
        guard let length = Int(text), length <= maxBodyBytes else {
            return .reject(status: 413, detail: "The request body is larger than \(maxBodyBytes) bytes.")
        }
        return .read(length)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
