import Foundation
import TaskmgrCore
import Testing
@testable import TaskmgrMonitor

/// The write-back's JSON text: plain strings are copied whole, others escaped, and the
/// delay is a JSON number rounded to the millisecond; whatever the path, the database
/// must read back exactly the values the monitor decided.
@Suite("MonitorStore.recordset text")
struct RecordsetTests {
    func record(id: String, error: String?, delay: Double) -> PollRecord {
        PollRecord(taskID: id, status: nil, result: nil, errorMessage: error, failureReason: nil,
                   consecutiveErrors: 3, nextPollDelaySeconds: delay)
    }

    @Test func everyStringReadsBackAsWritten() throws {
        let texts = ["plain id-42", "quote \" and back\\slash", "tab\tnew\nline\r", "bell \u{7} escape \u{1B}",
                     "ünïcödé ✓ 🚀", "", "slash / and \u{7F} delete"]
        let records = texts.enumerated().map { record(id: "t\($0.offset)", error: $0.element, delay: 1) }
        let parsed = try JSONValue.parse(MonitorStore.recordset(records))
        for (position, text) in texts.enumerated() {
            #expect(parsed.pointer("/\(position)/error_message")?.stringValue == text)
            #expect(parsed.pointer("/\(position)/task_id")?.stringValue == "t\(position)")
            #expect(parsed.pointer("/\(position)/consecutive_errors") == 3)
        }
    }

    @Test func delaysAreNumbersRoundedToTheMillisecond() throws {
        let delays: [(Double, Double)] = [(0, 0), (0.0004, 0), (0.25, 0.25), (1234.5678, 1234.568), (3600, 3600), (1e16, 1e16)]
        let parsed = try JSONValue.parse(MonitorStore.recordset(delays.map { record(id: "d", error: nil, delay: $0.0) }))
        for (position, (_, expected)) in delays.enumerated() {
            #expect(parsed.pointer("/\(position)/delay")?.doubleValue == expected)
        }
        #expect(MonitorStore.delay(.infinity) == "0")
        #expect(MonitorStore.delay(120) == "120.0")
    }
}
