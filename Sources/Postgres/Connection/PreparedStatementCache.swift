/// The statements prepared on one server session, by SQL text.
///
/// Names are generated (`taskmgr_1`, `taskmgr_2`, …) and never reused within a
/// connection object, so a name from before a reconnect cannot collide with a new one.
struct PreparedStatementCache {
    private var names: [String: String] = [:]
    private var counter = 0

    /// The name `sql` was prepared under, if it was.
    func name(for sql: String) -> String? { names[sql] }

    /// A fresh name for `sql`; record it with `remember` once the prepare succeeded.
    mutating func nextName() -> String {
        counter += 1
        return "taskmgr_\(counter)"
    }

    mutating func remember(_ name: String, for sql: String) {
        names[sql] = name
    }

    mutating func forget(_ sql: String) {
        names[sql] = nil
    }

    /// After a reconnect the new session has no prepared statements.
    mutating func removeAll() {
        names.removeAll()
    }

    var count: Int { names.count }
}
