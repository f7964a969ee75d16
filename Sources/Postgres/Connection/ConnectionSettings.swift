import Foundation

/// How to reach the database: libpq keyword/value pairs, never a pasted conninfo string.
///
/// Built from `DATABASE_URL` when set (handed to libpq as `dbname` with `expand_dbname`),
/// else from the `PG*` variables. Every connection runs with `TimeZone=UTC` and
/// `DateStyle=ISO`, so timestamps come back as `2026-11-30 01:02:03.123456+00`.
public struct ConnectionSettings: Sendable {
    /// One libpq connection keyword and its value.
    public struct Parameter: Sendable, Equatable {
        public var keyword: String
        public var value: String

        public init(_ keyword: String, _ value: String) {
            self.keyword = keyword
            self.value = value
        }
    }

    /// In libpq's order of precedence: a later keyword overrides an earlier one,
    /// including the keywords an expanded `dbname` URL contributes at its position.
    public var parameters: [Parameter]
    /// Whether the first `dbname` value is a URL or conninfo for libpq to expand.
    public var expandDatabaseName: Bool

    public init(parameters: [Parameter], expandDatabaseName: Bool = false) {
        self.parameters = parameters
        self.expandDatabaseName = expandDatabaseName
    }

    /// Seconds to wait for a connection when neither the URL nor `PGCONNECT_TIMEOUT` says.
    public static let defaultConnectTimeout = 5

    /// Options every taskmgr session runs with.
    static let sessionOptions = "-c TimeZone=UTC -c DateStyle=ISO"

    /// Settings from `DATABASE_URL` if set, else from the `PG*` variables in `env`
    /// (`PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD`, `PGSSLMODE`; libpq reads
    /// any others itself). `user` overrides the URL's or `PGUSER`'s user: routes connect as
    /// `taskmgr_api`, the monitor as `taskmgr_monitor`, tests as either.
    public static func fromEnvironment(
        _ env: [String: String] = ProcessInfo.processInfo.environment,
        user: String? = nil,
        applicationName: String = "taskmgr"
    ) -> ConnectionSettings {
        let timeout = env["PGCONNECT_TIMEOUT"].flatMap { $0.isEmpty ? nil : $0 } ?? String(defaultConnectTimeout)
        // Before the URL, so a URL's own connect_timeout/application_name wins.
        var parameters = [
            Parameter("connect_timeout", timeout),
            Parameter("application_name", applicationName),
        ]
        var expand = false
        var extraOptions = env["PGOPTIONS"]
        if let url = env["DATABASE_URL"], !url.isEmpty {
            parameters.append(Parameter("dbname", url))
            expand = true
            // The URL may carry its own `options`; keep them and add ours after.
            if case .success(let parsed) = LibPQConnection.parseConninfo(url), let own = parsed["options"] {
                extraOptions = own
            }
        } else {
            let names = [
                ("host", "PGHOST"), ("port", "PGPORT"), ("dbname", "PGDATABASE"),
                ("user", "PGUSER"), ("password", "PGPASSWORD"), ("sslmode", "PGSSLMODE"),
            ]
            for (keyword, variable) in names {
                if let value = env[variable], !value.isEmpty {
                    parameters.append(Parameter(keyword, value))
                }
            }
        }
        if let user, !user.isEmpty {
            parameters.append(Parameter("user", user))
        }
        let options = [extraOptions, sessionOptions].compactMap { $0?.isEmpty == false ? $0 : nil }
        parameters.append(Parameter("options", options.joined(separator: " ")))
        return ConnectionSettings(parameters: parameters, expandDatabaseName: expand)
    }

    /// The last value given for `keyword` (a URL's contents are not looked into).
    public func value(of keyword: String) -> String? {
        parameters.last { $0.keyword == keyword }?.value
    }

    /// A copy that logs in as `user`.
    public func with(user: String) -> ConnectionSettings {
        var copy = self
        copy.parameters.append(Parameter("user", user))
        return copy
    }

    /// Where the settings point, safe for logs: host, port, database and user, never a
    /// password (a URL is reduced to the same fields).
    public var logDescription: String {
        var fields: [String: String] = [:]
        for parameter in parameters {
            if parameter.keyword == "dbname", expandDatabaseName,
               case .success(let parsed) = LibPQConnection.parseConninfo(parameter.value) {
                for key in ["host", "port", "dbname", "user"] { fields[key] = parsed[key] ?? fields[key] }
            } else {
                fields[parameter.keyword] = parameter.value
            }
        }
        return ["host", "port", "dbname", "user"]
            .map { "\($0)=\(fields[$0] ?? "(default)")" }
            .joined(separator: " ")
    }
}
