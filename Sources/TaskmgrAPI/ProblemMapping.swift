import FastCGI
import Postgres
import TaskmgrCore

/// The one mapping from errors to RFC 9457 problems. Details (SQL, server messages) go to
/// the log only; the client gets a description it can act on.
enum ProblemMapping {
    static func problem(for error: any Error, route: Route) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let database as PostgresError:
            return problem(for: database, route: route)
        default:
            Log.error("taskmgr-\(route.rawValue)", "unexpected error", [("error", String(describing: error))])
            return .internalError()
        }
    }

    static func problem(for error: PostgresError, route: Route) -> Problem {
        if error.isConnectionProblem {
            Log.warning("taskmgr-\(route.rawValue)", "database unavailable", [("error", error.logDescription)])
            return .databaseUnavailable()
        }
        switch error.code {
        case .privilegeDenied:
            return .forbidden("Your token's role may not \(verb(route)); the database refused it.")
        case .serializationFailure, .deadlock:
            return Problem(status: 503, slug: "retry", title: "Service Unavailable",
                           detail: "The change collided with another one; retry it.", headers: [("Retry-After", "1")])
        case .invalidInput, .checkViolation, .notNullViolation:
            Log.warning("taskmgr-\(route.rawValue)", "database rejected input", [("error", error.logDescription)])
            return .badRequest("The database rejected a value in the request.")
        case .uniqueViolation:
            return .conflict("A task with the same unique value already exists.")
        default:
            Log.error("taskmgr-\(route.rawValue)", "database error", [("error", error.logDescription)])
            return .internalError()
        }
    }

    private static func verb(_ route: Route) -> String {
        switch route {
        case .createTask: "create this task"
        case .updateTask: "update tasks"
        case .retryTask: "retry tasks"
        case .cancelTask: "cancel tasks"
        case .taskStatus, .tasks, .taskEvents: "read tasks"
        }
    }
}
