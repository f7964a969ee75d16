import Testing
@testable import FastCGI

@Suite("BodyPlan")
struct BodyPlanTests {
    @Test("CONTENT_LENGTH decides how much to read")
    func reads() {
        #expect(BodyPlan.plan(contentLength: nil, maxBodyBytes: 10) == .read(0))
        #expect(BodyPlan.plan(contentLength: "", maxBodyBytes: 10) == .read(0))
        #expect(BodyPlan.plan(contentLength: "0", maxBodyBytes: 10) == .read(0))
        #expect(BodyPlan.plan(contentLength: "10", maxBodyBytes: 10) == .read(10))
    }

    @Test("over the maximum is 413, even for absurd lengths")
    func tooLarge() {
        guard case .reject(413, _) = BodyPlan.plan(contentLength: "11", maxBodyBytes: 10) else {
            Issue.record("11 > 10 not refused"); return
        }
        guard case .reject(413, _) = BodyPlan.plan(contentLength: "99999999999999999999999", maxBodyBytes: 10) else {
            Issue.record("overflowing length not refused"); return
        }
    }

    @Test("a length that is not a number is 400", arguments: ["-1", "1e3", "ten", "0x10", "+5"])
    func notANumber(_ length: String) {
        guard case .reject(400, _) = BodyPlan.plan(contentLength: length, maxBodyBytes: 1000) else {
            Issue.record("\(length) accepted"); return
        }
    }
}
