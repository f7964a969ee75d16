import Foundation
import Testing
import TestSupport

/// TestStack itself, with `taskmgr-fcgi-hello` on every route socket: every path and its
/// /webhook/ twin reach a route through nginx over HTTPS, and stop() leaves no server running and nothing in /tmp.
@Suite("nginx: TestStack")
struct NginxStackTests {
    @Test("every route path answers through nginx; stop() closes the port, ends the routes and removes the run directory")
    func everyRoute() throws {
        let stack = try TestStack.start(executable: "taskmgr-fcgi-hello")
        let requests: [(String, String)] = [
            ("POST", "/create-task"), ("GET", "/task-status/t1"), ("POST", "/update-task/t1"), ("GET", "/tasks"),
            ("POST", "/retry-task/t1"), ("POST", "/cancel-task/t1"), ("GET", "/task-events/t1"),
        ]
        for (method, path) in requests {
            for prefix in ["", "/webhook"] {
                let response = try stack.request(method: method, path: prefix + path, token: stack.serviceToken,
                                                 body: method == "POST" ? "{}" : nil)
                #expect(response.status == 200, "\(method) \(prefix + path): \(response.status) \(response.text)")
                #expect(response.text.hasPrefix("hello"), "\(method) \(prefix + path)")
            }
        }
        #expect(try stack.request(path: "/tasks").status == 401)
        #expect(try stack.request(path: "/tasks", token: stack.userToken).status == 200)

        let port = stack.nginx.httpsPort
        let directory = stack.directory
        #expect(FileManager.default.fileExists(atPath: directory + "/nginx.conf"))
        stack.stop()
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(!SocketProbe.canConnect(port: port))
        #expect(stack.routes.values.allSatisfy { !$0.isRunning })
    }
}
