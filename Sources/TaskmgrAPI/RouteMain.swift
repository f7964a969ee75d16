import FastCGI
import Foundation
import Postgres

/// The whole `main` of a route executable: parse the launch options, then serve `route`
/// with one `RouteWorker` (and database connection) per worker thread.
public enum RouteMain {
    public static func run(_ route: Route) -> Never {
        let label = "taskmgr-\(route.rawValue)"
        let options = ServerOptions.parseOrExit(label: label)
        let settings = databaseSettings()
        let code = FastCGIServer.run(options: options, label: label) {
            let worker = RouteWorker(route: route, settings: settings)
            return { request in worker.handle(request) }
        }
        exit(code)
    }

    /// Routes connect as `taskmgr_api` unless DATABASE_URL or PGUSER names another login role.
    static func databaseSettings() -> ConnectionSettings {
        let environment = ProcessInfo.processInfo.environment
        let explicitUser = environment["DATABASE_URL"] != nil || environment["PGUSER"] != nil
        return ConnectionSettings.fromEnvironment(environment, user: explicitUser ? nil : "taskmgr_api",
                                                  applicationName: "taskmgr-routes")
    }
}
