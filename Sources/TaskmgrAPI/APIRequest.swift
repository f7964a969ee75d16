import FastCGI
import Foundation
import TaskmgrCore

/// A FastCGI request seen through the API's eyes: the caller's identity from the params
/// nginx set, the task id from the path, and a strictly parsed JSON body.
struct APIRequest {
    let raw: FastCGIRequest
    let route: Route
    /// The caller, read from the params once per request (the worker needs the role for the
    /// response header, the handler for the transaction).
    private let caller: Result<RequestIdentity, Problem>
    /// The id a create gives its task, fixed per request so that repeating the request after
    /// a lost connection can find the row the first attempt may have written.
    let newTaskID = UUID().uuidString.lowercased()

    var method: String { raw.method }

    init(raw: FastCGIRequest, route: Route) {
        self.raw = raw
        self.route = route
        caller = Result { () throws(Problem) in try Self.identity(of: raw) }
    }

    /// The caller; throws the 401 problem when nginx passed no valid role.
    func identity() throws(Problem) -> RequestIdentity {
        try caller.get()
    }

    /// The caller, from `TASKMGR_ROLE`/`TASKMGR_USER_ID`/`TASKMGR_TOKEN_NAME`. A missing or
    /// unknown role is refused: the executable never treats an absent param as privileged.
    private static func identity(of raw: FastCGIRequest) throws(Problem) -> RequestIdentity {
        guard let roleName = raw.params["TASKMGR_ROLE"], let role = RequestIdentity.Role(rawValue: roleName) else {
            throw Problem.unauthorized("No valid Bearer token: the request carries no recognised role.")
        }
        var userID: UUID?
        if let text = raw.params["TASKMGR_USER_ID"], !text.isEmpty {
            guard let uuid = UUID(uuidString: text) else {
                throw Problem.unauthorized("The token's user id is not a UUID; ask the administrator to fix the token map.")
            }
            userID = uuid
        }
        let tokenName = raw.params["TASKMGR_TOKEN_NAME"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        return RequestIdentity(role: role, userID: userID, tokenName: tokenName)
    }

    /// The `{taskId}` segment of `/[webhook/]ROUTE/{taskId}[/]`.
    func taskID() throws(Problem) -> String {
        var path = Substring(raw.path)
        if path.hasPrefix("/webhook/") { path = path.dropFirst("/webhook".count) }
        let prefix = "/\(route.rawValue)/"
        guard path.hasPrefix(prefix) else { throw Problem.notFound("No such route.") }
        var id = path.dropFirst(prefix.count)
        if id.hasSuffix("/") { id = id.dropLast() }
        guard !id.isEmpty else { throw Problem.notFound("The path needs a task id: /\(route.rawValue)/{taskId}.") }
        guard TaskID.isWellFormed(String(id)) else {
            throw Problem.badRequest("A task id is 1–50 characters of letters, digits, '-', '_', '.' or ':'.")
        }
        return String(id)
    }

    /// The body as JSON. An empty body is nil when `required` is false; otherwise it must be
    /// `application/json` and parse strictly.
    func jsonBody(required: Bool) throws(Problem) -> JSONValue? {
        if raw.body.isEmpty && !required { return nil }
        guard let contentType = raw.header("Content-Type"), Self.isJSON(contentType) else {
            throw Problem.unsupportedMediaType()
        }
        guard !raw.body.isEmpty else { throw Problem.invalidJSON("The body is empty; send a JSON object.") }
        do {
            return try JSONValue.parse(raw.body)
        } catch {
            throw Problem.invalidJSON("The body is not valid JSON: \(error.description).")
        }
    }

    static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        return mediaType == "application/json"
    }
}
