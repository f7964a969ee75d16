import Testing
@testable import FastCGI

@Suite("FastCGIRequest")
struct FastCGIRequestTests {
    @Test("path: DOCUMENT_URI, else REQUEST_URI without the query, else SCRIPT_NAME + PATH_INFO")
    func path() {
        #expect(FastCGIRequest(params: ["DOCUMENT_URI": "/task-status/t1", "REQUEST_URI": "/other?x"]).path == "/task-status/t1")
        #expect(FastCGIRequest(params: ["REQUEST_URI": "/tasks?status=failed"]).path == "/tasks")
        #expect(FastCGIRequest(params: ["SCRIPT_NAME": "/cgi", "PATH_INFO": "/tasks"]).path == "/cgi/tasks")
        #expect(FastCGIRequest(params: [:]).path == "")
    }

    @Test("method and query come from their params")
    func methodAndQuery() {
        let request = FastCGIRequest(params: ["REQUEST_METHOD": "POST", "QUERY_STRING": "limit=5&cursor=a%2Bb"])
        #expect(request.method == "POST")
        #expect(request.query == "limit=5&cursor=a%2Bb")
        #expect(request.queryValue("cursor") == "a+b")
        #expect(request.queryValue("missing") == nil)
        #expect(FastCGIRequest(params: [:]).method == "GET")
    }

    @Test("headers are case-insensitive; Content-Type/Length come without HTTP_")
    func headers() {
        let request = FastCGIRequest(params: [
            "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "12",
            "HTTP_IDEMPOTENCY_KEY": "k-1", "HTTP_X_REQUEST_ID": "r-9", "TASKMGR_ROLE": "authenticated",
        ])
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("Content-Length") == "12")
        #expect(request.header("Idempotency-Key") == "k-1")
        #expect(request.header("IDEMPOTENCY-KEY") == "k-1")
        #expect(request.header("x-request-id") == "r-9")
        #expect(request.header("Authorization") == nil)
        #expect(request.header("taskmgr-role") == nil, "a FastCGI param is not a header")
        #expect(request.param("TASKMGR_ROLE") == "authenticated")
    }
}
