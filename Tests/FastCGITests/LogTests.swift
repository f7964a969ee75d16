import Testing
@testable import FastCGI

@Suite("Log")
struct LogTests {
    @Test("timestamp level label: key=value … message, one line")
    func shape() {
        let line = Log.line(.info, "taskmgr-task-status", "", [("event", "started"), ("mode", "listen"), ("workers", "4")],
                            at: 1_796_000_523)
        #expect(line == "2026-11-30T01:02:03Z info taskmgr-task-status: event=started mode=listen workers=4\n")
    }

    @Test("values with spaces, quotes or '=' are quoted; newlines never start a new line")
    func quoting() {
        let line = Log.line(.warning, "x", "first\nsecond", [("detail", "a \"b\"=c"), ("empty", "")], at: 0)
        #expect(line == "1970-01-01T00:00:00Z warning x: detail=\"a \\\"b\\\"=c\" empty=\"\" first second\n")
        #expect(line.filter { $0 == "\n" }.count == 1)
    }
}
