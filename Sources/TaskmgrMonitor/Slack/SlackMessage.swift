import Foundation
import TaskmgrCore

/// The Slack message for a failed task: Block Kit for people, plus a plain `text` fallback
/// for notifications and clients that don't render blocks.
public enum SlackMessage {
    /// The JSON body to post. `channel` is set for `chat.postMessage`, nil for a webhook.
    public static func payload(for alert: FailureAlert, channel: String?, publicURL: String?, now: Date = Date()) -> JSONValue {
        let facts = facts(for: alert, publicURL: publicURL, now: now)
        var fields: [JSONValue] = []
        for (label, value) in facts.fields {
            fields.append(["type": "mrkdwn", "text": .string("*\(label)*\n\(escape(value))")])
        }
        var blocks: [JSONValue] = [
            ["type": "header", "text": ["type": "plain_text", "text": .string(facts.title)]],
            ["type": "section", "fields": .array(fields)],
        ]
        if let message = alert.errorMessage, !message.isEmpty {
            blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": .string("*Error*\n" + escape(String(message.prefix(1500))))]])
        }
        if let link = facts.link {
            blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": .string("<\(link)|Task status>")]]])
        }
        var object = JSONObject()
        if let channel { object["channel"] = .string(channel) }
        object["text"] = .string(facts.fallback)
        object["blocks"] = .array(blocks)
        return .object(object)
    }

    /// The message's pieces, shared by blocks and fallback so they never disagree.
    static func facts(for alert: FailureAlert, publicURL: String?, now: Date) -> (title: String, fields: [(String, String)], fallback: String, link: String?) {
        let reason = describe(reason: alert.reason)
        let title = "taskmgr: task failed (\(reason))"
        var fields: [(String, String)] = [("Task", alert.taskID)]
        fields.append(("Type", alert.taskType ?? "—"))
        fields.append(("External id", alert.externalID ?? "—"))
        fields.append(("Reason", reason))
        fields.append(("Attempts", "\(alert.attemptCount) of \(alert.maxAttempts)"))
        fields.append(("Age", alert.createdAt.map { age(from: $0, to: now) } ?? "—"))
        let link = publicURL.map { base in
            (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/task-status/" + percentEncoded(alert.taskID)
        }
        var fallback = "taskmgr: task \(alert.taskID) failed (\(reason))"
        if let type = alert.taskType { fallback += ", type \(type)" }
        if let external = alert.externalID { fallback += ", external id \(external)" }
        fallback += ", attempts \(alert.attemptCount)/\(alert.maxAttempts)"
        if let created = alert.createdAt { fallback += ", age \(age(from: created, to: now))" }
        if let message = alert.errorMessage, !message.isEmpty { fallback += ": " + String(message.prefix(300)) }
        if let link { fallback += " " + link }
        return (title, fields, fallback, link)
    }

    /// Words for a `failure_reason`.
    static func describe(reason: String?) -> String {
        switch reason {
        case "external_failure": "external failure"
        case "not_found": "not found"
        case "max_attempts": "max attempts"
        case "timed_out": "timed out"
        case "cancelled": "cancelled"
        case let other?: other
        case nil: "failed"
        }
    }

    /// A compact age: `45s`, `12m`, `3h 5m`, `2d 4h`.
    static func age(from start: Date, to now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(start)))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86400 { return "\(seconds / 3600)h \(seconds % 3600 / 60)m" }
        return "\(seconds / 86400)d \(seconds % 86400 / 3600)h"
    }

    /// Slack's mrkdwn needs only `&`, `<` and `>` escaped; text from a job API can't then
    /// forge links or mentions.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
