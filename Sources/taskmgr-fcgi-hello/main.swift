// taskmgr-fcgi-hello: the smallest FastCGI route, used as the ceiling in benchmarks and by the
// FastCGI tests. Any path answers "hello"; /echo and /sleep exist for the tests.
import FastCGI
import Foundation

let label = "taskmgr-fcgi-hello"
let options = ServerOptions.parseOrExit(label: label)
exit(FastCGIServer.run(options: options, label: label) {
    HelloResponder.respond
})
