import Testing
@testable import FastCGI

@Suite("FastCGIResponse")
struct FastCGIResponseTests {
    private func text(_ response: FastCGIResponse) -> String {
        String(decoding: response.encoded(), as: UTF8.self)
    }

    @Test("a CGI Status header with the reason phrase, never an HTTP status line")
    func statusLine() {
        #expect(text(FastCGIResponse(status: 404)).hasPrefix("Status: 404 Not Found\r\n"))
        #expect(text(FastCGIResponse(status: 201)).hasPrefix("Status: 201 Created\r\n"))
        #expect(text(FastCGIResponse(status: 429)).hasPrefix("Status: 429 Too Many Requests\r\n"))
        #expect(text(FastCGIResponse(status: 599)).hasPrefix("Status: 599 Server Error\r\n"))
        #expect(!text(FastCGIResponse(status: 200)).contains("HTTP/"))
    }

    @Test("headers in order, Content-Length added unless given, blank line, body")
    func layout() {
        let response = FastCGIResponse(status: 201, headers: [("Location", "/task-status/t1"), ("Content-Type", "application/json")],
                                       body: Array("{}".utf8))
        #expect(text(response) == "Status: 201 Created\r\nLocation: /task-status/t1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n{}")
        let explicit = FastCGIResponse(status: 200, headers: [("content-length", "2")], body: Array("ok".utf8))
        #expect(text(explicit) == "Status: 200 OK\r\ncontent-length: 2\r\n\r\nok")
    }

    @Test("CR/LF in a header value cannot start a forged header")
    func headerInjection() {
        let response = FastCGIResponse(status: 200, headers: [("X-Note", "a\r\nSet-Cookie: x=1")])
        #expect(!text(response).contains("\r\nSet-Cookie"))
        #expect(text(response).contains("X-Note: a Set-Cookie: x=1\r\n"))
    }

    @Test("problem responses are RFC 9457 JSON with escaped strings")
    func problem() {
        let response = FastCGIResponse.problem(status: 413, detail: "too \"big\"\n\u{1}")
        #expect(response.header("content-type") == "application/problem+json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"type":"about:blank","title":"Content Too Large","status":413,"detail":"too \"big\"\n\u0001"}"#)
    }
}
