import Foundation
import Postgres
import TaskmgrCore

/// `taskctl list|show|retry|cancel`: "where is my job?" and the two state changes an admin
/// makes, from the shell. They go through the same `TaskStore` statements as the API, as
/// `service_role`, so row-level security, status history and alerts behave exactly as for
/// a service token; the history names the actor `taskctl:<login user>`.
enum TaskCommandSupport {
    static func store(_ context: CommandContext) throws(CommandError) -> TaskStore {
        TaskStore(connection: try context.connect())
    }

    static var identity: RequestIdentity {
        RequestIdentity(role: .serviceRole, tokenName: NSUserName(), origin: "taskctl")
    }

    /// Runs a store call, turning database and validation errors into admin-readable failures.
    static func attempt<T>(_ body: () throws -> T) throws(CommandError) -> T {
        do {
            return try body()
        } catch let problem as Problem {
            throw .usage(([problem.detail] + problem.errors.map { "\($0.field): \($0.message)" }).joined(separator: "; "))
        } catch let error as PostgresError {
            throw .failure("database error: \(error.logDescription)")
        } catch {
            throw .failure("\(error)")
        }
    }

    /// The task id positional, checked like the API checks path ids.
    static func taskID(_ arguments: CommandArguments) throws(CommandError) -> String {
        try arguments.expectPositionals(atMost: 1)
        guard let id = arguments.positionals.first else { throw .usage("give a task id") }
        guard TaskID.isWellFormed(id) else { throw .usage("\(id) is not a task id") }
        return id
    }

    /// One task object as `field: value` lines, nulls left out.
    static func describe(_ json: String) -> [String] {
        guard let object = (try? JSONValue.parse(json))?.objectValue else { return [json] }
        return object.pairs.compactMap { pair in
            if pair.value.isNull { return nil }
            let text = pair.value.stringValue ?? pair.value.serialized()
            return "\(pair.key.padding(toLength: 22, withPad: " ", startingAt: 0)) \(text)"
        }
    }
}

struct ListCommand: TaskctlCommand {
    static let name = "list"
    static let summary = "list tasks, newest first, with filters"
    static let help = """
        usage: taskctl list [--status S] [--type T] [--user-id UUID] [--limit N] [--json]

        Lists tasks newest first, one line each: id, status, type, attempts, created, error.
          --status S      pending, in_progress, completed, failed or cancelled
          --type T        task_type
          --user-id UUID  user_id
          --limit N       at most N tasks (default 50, at most 200)
          --json          print each task's full JSON object, one per line
        """

    static func run(_ arguments: [String], context: CommandContext) throws -> Int32 {
        let args = try CommandArguments(arguments, flags: ["json"], options: ["status", "type", "user-id", "limit"])
        if args.wantsHelp { context.output(help); return 0 }
        try args.expectPositionals(atMost: 0)
        var items: [(name: String, value: String)] = []
        if let status = args.option("status") { items.append(("status", status)) }
        if let type = args.option("type") { items.append(("task_type", type)) }
        if let user = args.option("user-id") { items.append(("user_id", user)) }
        if let limit = args.option("limit") { items.append(("limit", limit)) }
        let query = try TaskCommandSupport.attempt { try TaskListQuery.parse(items) }
        let store = try TaskCommandSupport.store(context)
        let page = try TaskCommandSupport.attempt { try store.list(query, as: TaskCommandSupport.identity) }
        for json in page.tasks {
            if args.flag("json") { context.output(json); continue }
            guard let task = try? JSONValue.parse(json) else { continue }
            let field = { (name: String) in task[name]?.stringValue ?? task[name].map { $0.isNull ? "-" : $0.serialized() } ?? "-" }
            let error = field("error_message").prefix(60)
            context.output([field("task_id"), field("status"), field("task_type"),
                            "\(field("attempt_count"))/\(field("max_attempts"))", field("created_at"), String(error)]
                .joined(separator: "  "))
        }
        return 0
    }
}

struct ShowCommand: TaskctlCommand {
    static let name = "show"
    static let summary = "show one task and its status history"
    static let help = """
        usage: taskctl show TASK_ID

        Prints every field of the task (nulls left out), then its status history, oldest first.
        """

    static func run(_ arguments: [String], context: CommandContext) throws -> Int32 {
        let args = try CommandArguments(arguments)
        if args.wantsHelp { context.output(help); return 0 }
        let id = try TaskCommandSupport.taskID(args)
        let store = try TaskCommandSupport.store(context)
        var query = TaskListQuery()
        query.taskID = id
        query.limit = 1
        let page = try TaskCommandSupport.attempt { try store.list(query, as: TaskCommandSupport.identity) }
        guard let task = page.tasks.first else { throw CommandError.failure("no task with id \(id)") }
        TaskCommandSupport.describe(task).forEach(context.output)
        let events = try TaskCommandSupport.attempt { try store.events(taskID: id, as: TaskCommandSupport.identity) }
        context.output("history:")
        for event in (events.flatMap { try? JSONValue.parse($0) }?["events"]?.arrayValue ?? []) {
            let from = event["old_status"]?.stringValue ?? "(created)"
            let detail = [event["reason"]?.stringValue, event["error_message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            context.output("  \(event["changed_at"]?.stringValue ?? "")  \(from) → \(event["new_status"]?.stringValue ?? "")  "
                           + "by \(event["actor"]?.stringValue ?? "?")\(detail.isEmpty ? "" : "  (\(detail))")")
        }
        return 0
    }
}

struct RetryCommand: TaskctlCommand {
    static let name = "retry"
    static let summary = "failed or cancelled task → pending (attempts reset, new deadline)"
    static let help = """
        usage: taskctl retry TASK_ID

        Sends a failed or cancelled task back to pending, as POST /retry-task does: attempts
        and errors reset, a new deadline, one more retry counted. Any other state is refused.
        """

    static func run(_ arguments: [String], context: CommandContext) throws -> Int32 {
        let args = try CommandArguments(arguments)
        if args.wantsHelp { context.output(help); return 0 }
        let id = try TaskCommandSupport.taskID(args)
        let store = try TaskCommandSupport.store(context)
        let change = try TaskCommandSupport.attempt { try store.retry(taskID: id, as: TaskCommandSupport.identity) }
        return try TransitionOutput.report(change, taskID: id, action: "retry", context: context)
    }
}

struct CancelCommand: TaskctlCommand {
    static let name = "cancel"
    static let summary = "pending or in_progress task → cancelled"
    static let help = """
        usage: taskctl cancel TASK_ID [--reason TEXT]

        Cancels a pending or in_progress task, as POST /cancel-task does; the reason becomes
        its error_message. A finished task is refused.
        """

    static func run(_ arguments: [String], context: CommandContext) throws -> Int32 {
        let args = try CommandArguments(arguments, options: ["reason"])
        if args.wantsHelp { context.output(help); return 0 }
        let id = try TaskCommandSupport.taskID(args)
        let store = try TaskCommandSupport.store(context)
        let change = try TaskCommandSupport.attempt {
            try store.cancel(taskID: id, reason: args.option("reason"), as: TaskCommandSupport.identity)
        }
        return try TransitionOutput.report(change, taskID: id, action: "cancel", context: context)
    }
}

/// What retry and cancel print: the new status, or why nothing changed (exit 1).
enum TransitionOutput {
    static func report(_ change: TaskChange, taskID: String, action: String, context: CommandContext) throws(CommandError) -> Int32 {
        switch change {
        case .changed(let json), .unchanged(let json):
            let status = (try? JSONValue.parse(json))?["status"]?.stringValue ?? "?"
            context.output("\(taskID) \(status)")
            return 0
        case .notFound:
            throw .failure("no task with id \(taskID)")
        case .conflict(let current):
            throw .failure("task \(taskID) is \(current); \(action) is not allowed from that state")
        }
    }
}
