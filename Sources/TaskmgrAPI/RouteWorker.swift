import FastCGI
import Postgres
import TaskmgrCore

/// Gives handlers the task store, connecting (or reconnecting) to the database on demand.
protocol TaskStoreProvider {
    func store() throws -> TaskStore
}

/// One worker thread's state: its own database connection, opened lazily so a route starts
/// (and answers 503) even while the database is down, and re-established after it broke.
final class RouteWorker: TaskStoreProvider {
    let route: Route
    let settings: ConnectionSettings
    private var connection: PostgresConnection?

    init(route: Route, settings: ConnectionSettings) {
        self.route = route
        self.settings = settings
    }

    func store() throws -> TaskStore {
        if let connection {
            if !connection.isConnected { try connection.reconnectIfNeeded() }
            return TaskStore(connection: connection)
        }
        let fresh = try PostgresConnection(settings)
        connection = fresh
        return TaskStore(connection: fresh)
    }

    func handle(_ raw: FastCGIRequest) -> FastCGIResponse {
        let request = APIRequest(raw: raw, route: route)
        let isHead = raw.method == "HEAD"
        let role = try? request.identity().role
        guard route.allowedMethods.contains(raw.method) else {
            return APIResponse(problem: .methodNotAllowed(route.allowedMethods)).fastCGI(role: role, isHead: isHead)
        }
        do {
            return try route.handler(request, self).fastCGI(role: role, isHead: isHead)
        } catch let error as PostgresError where error.isConnectionProblem {
            // A request that met a connection the server had closed (restart, failover) is
            // repeated once on a fresh connection instead of failing the client. Repeating is
            // safe: reads change nothing, a create reuses its task id (the first attempt's row,
            // if it committed, is found instead of duplicated), and a repeated state change
            // finds the state already changed.
            do {
                try connection?.reconnectIfNeeded()
                return try route.handler(request, self).fastCGI(role: role, isHead: isHead)
            } catch {
                return respond(to: error, role: role, isHead: isHead)
            }
        } catch {
            return respond(to: error, role: role, isHead: isHead)
        }
    }

    private func respond(to error: any Error, role: RequestIdentity.Role?, isHead: Bool) -> FastCGIResponse {
        APIResponse(problem: ProblemMapping.problem(for: error, route: route)).fastCGI(role: role, isHead: isHead)
    }
}
