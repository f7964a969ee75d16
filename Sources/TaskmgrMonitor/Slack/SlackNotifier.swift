import Foundation
import HTTPClient
import TaskmgrCore

/// Posts failure alerts to Slack, one at a time, at most one message per
/// `minIntervalSeconds` (Slack allows about one per second per channel).
///
/// A message counts as delivered only when Slack says so: a webhook answers 200 `ok`,
/// `chat.postMessage` answers 200 with `"ok": true`. Anything else leaves the alert pending;
/// 429 (or `ratelimited`) waits for `Retry-After`.
public final class SlackNotifier {
    let configuration: SlackConfiguration
    let client: HTTPClient
    private var lastSend: Date?

    public init(configuration: SlackConfiguration) {
        self.configuration = configuration
        var options = HTTPClientOptions()
        options.maxConcurrent = 1
        options.maxPerHost = 1
        options.connectTimeout = min(5, configuration.timeoutSeconds)
        options.totalTimeout = configuration.timeoutSeconds
        options.maxResponseBytes = 64 * 1024
        options.addressPolicy = AddressPolicy(allow: configuration.allowCIDRs)
        options.userAgent = "taskmgr-monitor"
        client = HTTPClient(options: options)
    }

    /// Sends `alert` (waiting first if the previous message was under the interval ago).
    public func send(_ alert: FailureAlert) -> AlertDeliveryResult {
        if let lastSend {
            let wait = configuration.minIntervalSeconds - Date().timeIntervalSince(lastSend)
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
        defer { lastSend = Date() }
        let request = request(for: alert)
        var outcome = AlertDeliveryResult.notSent(error: "no answer from Slack", retryAfterSeconds: 0)
        client.perform([request]) { _, result in
            outcome = Self.interpret(result, destination: configuration.destination)
        }
        return outcome
    }

    /// The HTTP request: a webhook takes the payload as is; `chat.postMessage` takes the
    /// channel in the body and the bot token as a Bearer header.
    func request(for alert: FailureAlert) -> HTTPRequest {
        var headers = [("Content-Type", "application/json; charset=utf-8")]
        switch configuration.destination {
        case .webhook(let url):
            let body = SlackMessage.payload(for: alert, channel: nil, publicURL: configuration.publicURL).serialized()
            return HTTPRequest(url: url, method: "POST", headers: headers, body: Array(body.utf8))
        case .bot(let token, let channel, let apiURL):
            headers.append(("Authorization", "Bearer " + token))
            let body = SlackMessage.payload(for: alert, channel: channel, publicURL: configuration.publicURL).serialized()
            return HTTPRequest(url: apiURL, method: "POST", headers: headers, body: Array(body.utf8))
        }
    }

    /// What Slack's answer means for the alert row.
    static func interpret(_ result: Result<HTTPResponse, HTTPFailure>, destination: SlackConfiguration.Destination) -> AlertDeliveryResult {
        let response: HTTPResponse
        switch result {
        case .failure(let failure):
            return .notSent(error: "Slack unreachable: " + failure.message, retryAfterSeconds: 0)
        case .success(let answer):
            response = answer
        }
        let retryAfter = RetryAfter.seconds(from: response.header("retry-after"))
        if response.status == 429 {
            return .notSent(error: "Slack rate limit (HTTP 429)", retryAfterSeconds: retryAfter ?? 30)
        }
        guard (200...299).contains(response.status) else {
            return .notSent(error: "Slack answered HTTP \(response.status)", retryAfterSeconds: retryAfter ?? 0)
        }
        switch destination {
        case .webhook:
            return .sent
        case .bot:
            guard let document = try? JSONValue.parse(response.body) else {
                return .notSent(error: "Slack answered with a body that isn't JSON", retryAfterSeconds: 0)
            }
            if document["ok"]?.boolValue == true { return .sent }
            let error = document["error"]?.stringValue ?? "unknown error"
            if error == "ratelimited" {
                return .notSent(error: "Slack rate limit (ratelimited)", retryAfterSeconds: retryAfter ?? 30)
            }
            return .notSent(error: "Slack refused the message: " + String(error.prefix(100)), retryAfterSeconds: 0)
        }
    }
}
