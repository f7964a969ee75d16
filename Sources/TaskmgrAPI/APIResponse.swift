import FastCGI
import TaskmgrCore

/// A response before it becomes FastCGI bytes: a status, extra headers and a JSON body.
struct APIResponse {
    var status: Int
    var headers: [(String, String)] = []
    /// JSON text, already serialized (usually by the database).
    var json: String

    init(status: Int, json: String, headers: [(String, String)] = []) {
        self.status = status
        self.json = json
        self.headers = headers
    }

    init(problem: Problem) {
        status = problem.status
        json = problem.json.serialized()
        headers = problem.headers
    }

    var isProblem: Bool { status >= 400 }

    /// The FastCGI response; `role` is echoed so the dashboard can tell what the token may do.
    func fastCGI(role: RequestIdentity.Role?, isHead: Bool) -> FastCGIResponse {
        var all: [(String, String)] = [
            ("Content-Type", isProblem ? "application/problem+json" : "application/json"),
            ("Cache-Control", "no-store"),
        ]
        if let role { all.append(("X-Taskmgr-Role", role.rawValue)) }
        all += headers
        return FastCGIResponse(status: status, headers: all, body: isHead ? [] : Array((json + "\n").utf8))
    }
}
