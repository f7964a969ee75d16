import TaskmgrCore

/// `GET /tasks`: filtered, keyset-paginated list, newest first; `?summary=counts` answers the
/// dashboard's counts per status and per hour instead.
enum ListTasksHandler {
    static func handle(_ request: APIRequest, _ database: TaskStoreProvider) throws -> APIResponse {
        let identity = try request.identity()
        let items = request.raw.queryItems
        if let summary = items.first(where: { $0.name == "summary" }) {
            guard summary.value == "counts", items.count == 1 else {
                throw Problem.badRequest("summary=counts takes no other parameters.")
            }
            return APIResponse(status: 200, json: try database.store().summary(as: identity))
        }
        let query = try TaskListQuery.parse(items)
        let page = try database.store().list(query, as: identity)
        let next = page.next.map { JSONValue.quoted($0.encoded) } ?? "null"
        return APIResponse(status: 200, json: "{\"tasks\":[\(page.tasks.joined(separator: ","))],\"next_cursor\":\(next)}")
    }
}
