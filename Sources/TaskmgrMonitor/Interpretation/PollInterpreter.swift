import Foundation
import TaskmgrCore

/// Turns an external job API's HTTP answer into a `PollOutcome`, per DESIGN.md
/// ("Poll interpretation").
///
/// Pure: no I/O, so every rule here is unit-tested without a server.
public enum PollInterpreter {
    /// Where the status word is looked for when the task has no `status_path`, in order.
    /// A body that is a bare JSON string is itself the status word. (`/status` comes first;
    /// `statusWord(in:statusPath:)` relies on that for its fast path.)
    public static let defaultStatusPointers = ["/status", "/state", "/data/status", "/job/status"]

    /// Members whose string value explains an external failure, in order of preference.
    static let failureMessagePointers = ["/error_message", "/error", "/message", "/error/message", "/detail"]

    /// The longest piece of a response quoted into `error_message`.
    static let maxQuotedLength = 200

    /// Interprets a complete HTTP answer.
    /// - Parameters:
    ///   - statusCode: the HTTP status.
    ///   - body: the response body as received.
    ///   - retryAfter: the raw `Retry-After` header, if any.
    ///   - statusPath: the task's `status_path` (an RFC 6901 JSON Pointer), if set.
    ///   - resultPath: the task's `result_path`, if set.
    public static func interpret(
        statusCode: Int, body: [UInt8], retryAfter: String?,
        statusPath: String?, resultPath: String?, now: Date = Date()
    ) -> PollOutcome {
        let retryAfterSeconds = RetryAfter.seconds(from: retryAfter, now: now)
        switch statusCode {
        case 404, 410:
            return .notFound
        case 429:
            return .error(message: "rate limited by the job API (HTTP 429)", retryAfterSeconds: retryAfterSeconds)
        case 500...599:
            return .error(message: "job API error (HTTP \(statusCode))", retryAfterSeconds: retryAfterSeconds)
        case 300...399:
            return .error(message: "job API redirected (HTTP \(statusCode)); redirects are not followed", retryAfterSeconds: nil)
        case 200...299:
            break
        default:
            return .error(message: "job API answered HTTP \(statusCode)", retryAfterSeconds: retryAfterSeconds)
        }

        let document: JSONValue
        do {
            document = try JSONValue.parse(body)
        } catch {
            return .error(message: "unparseable response: \(error.message)", retryAfterSeconds: retryAfterSeconds)
        }

        guard let word = statusWord(in: document, statusPath: statusPath) else {
            let place = statusPath.map { "at status_path \($0)" } ?? "in the response"
            return .error(message: "no status word \(place)", retryAfterSeconds: retryAfterSeconds)
        }
        guard let meaning = StatusWord(word) else {
            return .error(message: "unknown status word \(quoted(word))", retryAfterSeconds: retryAfterSeconds)
        }
        switch meaning {
        case .running:
            return .running(retryAfterSeconds: retryAfterSeconds)
        case .completed:
            return .completed(result: result(in: document, resultPath: resultPath))
        case .failed:
            return .externalFailure(message: failureMessage(in: document, word: word))
        }
    }

    /// Interprets a poll that got no HTTP answer (connect error, timeout, refused address…).
    public static func interpret(failureMessage: String) -> PollOutcome {
        .error(message: failureMessage, retryAfterSeconds: nil)
    }

    /// The status word: at `statusPath` when given, else the first default location holding a string.
    static func statusWord(in document: JSONValue, statusPath: String?) -> String? {
        if let statusPath {
            return document.pointer(statusPath)?.stringValue
        }
        if let word = document.stringValue { return word }
        // The common case without parsing a pointer: a top-level "status" member.
        if let word = document["status"]?.stringValue { return word }
        for pointer in defaultStatusPointers.dropFirst() {
            if let word = document.pointer(pointer)?.stringValue { return word }
        }
        return nil
    }

    /// The stored result: at `resultPath`, else the `result` member, else the whole body.
    /// A `result_path` that doesn't resolve keeps the whole body rather than losing it.
    static func result(in document: JSONValue, resultPath: String?) -> JSONValue {
        if let resultPath, let value = document.pointer(resultPath) { return value }
        if resultPath == nil, let value = document["result"] { return value }
        return document
    }

    /// The external job's own words for its failure, else a sentence naming its status word.
    static func failureMessage(in document: JSONValue, word: String) -> String {
        for pointer in failureMessagePointers {
            if let message = document.pointer(pointer)?.stringValue, !message.isEmpty {
                return "external job failed: " + truncated(message)
            }
        }
        return "external job reported \(quoted(word))"
    }

    static func quoted(_ text: String) -> String {
        "\"" + truncated(text) + "\""
    }

    static func truncated(_ text: String) -> String {
        text.count <= maxQuotedLength ? text : String(text.prefix(maxQuotedLength)) + "…"
    }
}
