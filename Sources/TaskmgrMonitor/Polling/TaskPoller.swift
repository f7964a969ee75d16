import Foundation
import HTTPClient
import TaskmgrCore

/// Polls a batch of leased tasks through one `HTTPClient` (libcurl's multi interface:
/// bounded concurrency, a per-host limit, connection reuse) and interprets each answer.
public final class TaskPoller {
    let client: HTTPClient
    let credentials: CredentialStore

    public init(client: HTTPClient, credentials: CredentialStore) {
        self.client = client
        self.credentials = credentials
    }

    /// Polls every task once and calls `answer` on this thread as each outcome is known
    /// (tasks whose credential can't be used are answered first, without a request).
    public func poll(_ tasks: [LeasedTask], answer: (LeasedTask, PollOutcome) -> Void) {
        var requests: [HTTPRequest] = []
        var requestTasks: [LeasedTask] = []
        requests.reserveCapacity(tasks.count)
        requestTasks.reserveCapacity(tasks.count)
        for task in tasks {
            switch request(for: task) {
            case .success(let request):
                requests.append(request)
                requestTasks.append(task)
            case .failure(let error):
                answer(task, .error(message: error.description, retryAfterSeconds: nil))
            }
        }
        guard !requests.isEmpty else { return }
        client.perform(requests) { index, result in
            let task = requestTasks[index]
            switch result {
            case .success(let response):
                answer(task, PollInterpreter.interpret(
                    statusCode: response.status, body: response.body, retryAfter: response.header("retry-after"),
                    statusPath: task.statusPath, resultPath: task.resultPath))
            case .failure(let failure):
                answer(task, PollInterpreter.interpret(failureMessage: failure.message))
            }
        }
    }

    /// The HTTP request for `task`: its method (GET unless POST), JSON accepted, and the
    /// headers of its named credential. A POST carries an empty JSON object.
    func request(for task: LeasedTask) -> Result<HTTPRequest, CredentialError> {
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let name = task.pollAuth, !name.isEmpty {
            switch credentials.headers(named: name) {
            case .success(let credentialHeaders): headers += credentialHeaders
            case .failure(let error): return .failure(error)
            }
        }
        if task.pollMethod.uppercased() == "POST" {
            headers.append(("Content-Type", "application/json"))
            return .success(HTTPRequest(url: task.pollURL, method: "POST", headers: headers, body: Array("{}".utf8)))
        }
        return .success(HTTPRequest(url: task.pollURL, method: "GET", headers: headers))
    }
}
