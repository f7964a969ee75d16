extension FastCGIResponse {
    /// A minimal RFC 9457 `application/problem+json` response for the errors the FastCGI layer
    /// answers itself (413, 400) before any handler runs. Domain problems are built in
    /// TaskmgrCore; this exists so the transport needs nothing above it.
    public static func problem(status: Int, detail: String) -> FastCGIResponse {
        let title = HTTPStatus.reasonPhrase(status)
        let json = "{\"type\":\"about:blank\",\"title\":\(jsonString(title)),\"status\":\(status),"
            + "\"detail\":\(jsonString(detail))}"
        return FastCGIResponse(status: status, headers: [("Content-Type", "application/problem+json")],
                               body: Array(json.utf8))
    }

    /// A JSON string literal for `text`, with the escapes RFC 8259 requires.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
