import Foundation
import Testing
import TestSupport

/// The shipped files themselves: nginx accepts them, and the rendered test copies differ
/// from them only in paths, ports, the host name (and, for API tests, scaled limits).
@Suite("nginx: shipped configuration")
struct NginxConfigTests {
    /// What .ci/render-nginx may change on a line; any other difference is a changed directive.
    static let rewritable = [
        "/etc/nginx/snippets/", "/etc/nginx/taskmgr-ffdhe2048.pem", "/etc/taskmgr/tokens.map", "/run/taskmgr/",
        "/var/log/nginx/", "/etc/ssl/taskmgr/", "/usr/share/taskmgr/dashboard/", "taskmgr.example.com", "listen ",
    ]
    static let scalable = ["rate=", "burst=", "limit_conn taskmgr_connections"]

    @Test("nginx -t passes on the rendered shipped files, with shipped and with relaxed limits", arguments: [false, true])
    func nginxAccepts(relaxed: Bool) throws {
        let folder = try TempDirectory(prefix: "tmc")
        var arguments = ["--out", folder.path, "--https-port", "18443", "--http-port", "18080"]
        if relaxed { arguments.append("--relaxed-limits") }
        let render = try ProcessRunner.run(PackagePaths.root + "/.ci/render-nginx", arguments: arguments)
        #expect(render.succeeded, "\(render.standardErrorText)")
        let cert = try ProcessRunner.run(PackagePaths.root + "/.ci/make-cert", arguments: [folder.path])
        #expect(cert.succeeded)
        let check = try ProcessRunner.run("nginx", arguments: ["-t", "-p", folder.path, "-c", folder.file("nginx.conf")])
        #expect(check.succeeded, "\(check.standardErrorText)")
        #expect(check.standardErrorText.contains("test is successful"))
        #expect(!check.standardErrorText.contains("[warn]"), "\(check.standardErrorText)")

        for (shipped, rendered) in try Self.filePairs(renderedInto: folder.path) {
            let original = try String(contentsOfFile: shipped, encoding: .utf8).components(separatedBy: "\n")
            let copy = try String(contentsOfFile: rendered, encoding: .utf8).components(separatedBy: "\n")
            #expect(original.count == copy.count, "\(rendered) has other lines than \(shipped)")
            for (line, renderedLine) in zip(original, copy) where line != renderedLine {
                let allowed = Self.rewritable + (relaxed ? Self.scalable : [])
                #expect(allowed.contains { line.contains($0) }, "render changed a directive: \(line) → \(renderedLine)")
                let isDroppedIPv6 = line.contains("listen [::]") && renderedLine.contains("IPv6 listen dropped")
                if !isDroppedIPv6 {
                    #expect(Self.directive(line) == Self.directive(renderedLine), "\(line) → \(renderedLine)")
                }
            }
        }
    }

    @Test("every route and its /webhook/ twin go to the route's own socket")
    func routes() throws {
        let text = try String(contentsOfFile: PackagePaths.root + "/nginx/conf.d/taskmgr.conf", encoding: .utf8)
        for route in TestStack.allRoutes {
            #expect(text.contains("fastcgi_pass unix:/run/taskmgr/\(route).sock;"), "\(route)")
            #expect(text.contains("location ~ ^/(?:webhook/)?\(route)"), "\(route)")
        }
        #expect(!text.contains("fastcgi_keep_conn"))
        #expect(!text.contains("$host$request_uri"), "a redirect built from Host is an open redirect")
    }

    /// (shipped, rendered) for every file render-nginx copies.
    static func filePairs(renderedInto folder: String) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        for sub in ["conf.d", "snippets"] {
            let shippedFolder = PackagePaths.root + "/nginx/" + sub
            for name in try FileManager.default.contentsOfDirectory(atPath: shippedFolder) where name.hasSuffix(".conf") {
                pairs.append((shippedFolder + "/" + name, folder + "/" + sub + "/" + name))
            }
        }
        #expect(pairs.count >= 8)
        return pairs
    }

    /// The directive name of a config line (its first word).
    static func directive(_ line: String) -> String {
        String(line.trimmingCharacters(in: .whitespaces).prefix { !$0.isWhitespace })
    }
}
