import Foundation
import Postgres
import Testing
import TestSupport

/// `taskctl list|show|retry|cancel` against the harness database, through the real binary.
@Suite struct TaskctlTaskCommandsTests {
    func taskctl(_ arguments: [String]) throws -> ProcessOutcome {
        try ProcessRunner.run(try PackagePaths.requireExecutable("taskctl"), arguments: arguments, timeout: 30)
    }

    @Test func listsShowsCancelsAndRetriesLikeTheAPI() throws {
        let admin = try TestDatabase.connect()
        let type = TestDatabase.uniqueName("cli")
        let id = try #require(try admin.query("INSERT INTO task_manager (task_id, task_type) VALUES (gen_random_uuid()::text, \(type)) RETURNING task_id").rows.first?[0].string)

        let listed = try taskctl(["list", "--type", type])
        #expect(listed.succeeded)
        #expect(listed.standardOutputText.contains("\(id)  pending  \(type)"))

        let cancelled = try taskctl(["cancel", id, "--reason", "not needed"])
        #expect(cancelled.standardOutputText == "\(id) cancelled\n")
        let again = try taskctl(["cancel", id])
        #expect(again.exitCode == 1)
        #expect(again.standardErrorText.contains("is cancelled"))
        let retried = try taskctl(["retry", id])
        #expect(retried.standardOutputText == "\(id) pending\n")

        let shown = try taskctl(["show", id])
        #expect(shown.succeeded)
        #expect(shown.standardOutputText.contains("retry_count            1"))
        #expect(shown.standardOutputText.contains("pending → cancelled"))
        let actors = try admin.query("SELECT actor FROM task_status_history WHERE task_id = \(id) ORDER BY id").rows.map { $0[0].string ?? "" }
        #expect(actors.count == 3)
        #expect(actors.dropFirst().allSatisfy { $0.hasPrefix("taskctl:") })
        #expect(try admin.query("SELECT error_message FROM task_status_history WHERE task_id = \(id) AND new_status = 'cancelled'").rows.first?[0].string == "not needed")
    }

    @Test func refusesBadInputWithUsageErrors() throws {
        #expect(try taskctl(["show", "no-such-task"]).exitCode == 1)
        #expect(try taskctl(["show", "../etc"]).exitCode == 2)
        #expect(try taskctl(["list", "--status", "done"]).exitCode == 2)
        #expect(try taskctl(["retry"]).exitCode == 2)
    }
}
