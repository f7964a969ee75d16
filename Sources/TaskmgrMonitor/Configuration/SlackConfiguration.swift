import Foundation
import TaskmgrCore

/// Where alerts go: an incoming-webhook URL, or a bot token and channel (`chat.postMessage`).
///
/// Slack's URL is admin configuration, not user input, so it is not held to the poll
/// allow-list: it passes the same SSRF guard as polls (public addresses only) plus the
/// ranges in `TASKMGR_SLACK_ALLOW_CIDRS`, which an admin sets for an internal relay (and
/// tests set for their loopback Slack). A task can never choose where alerts go.
public struct SlackConfiguration: Sendable, Equatable {
    public enum Destination: Sendable, Equatable {
        case webhook(url: String)
        case bot(token: String, channel: String, apiURL: String)
    }

    public var destination: Destination
    /// The public base URL of the API, for the "status" link (`TASKMGR_PUBLIC_URL`).
    public var publicURL: String?
    /// At least this many seconds between two messages (Slack allows about one per second
    /// per channel).
    public var minIntervalSeconds: Double = 1.0
    /// Extra address ranges Slack may be reached at.
    public var allowCIDRs: [CIDR] = []
    /// Per-request timeout, seconds.
    public var timeoutSeconds: Double = 10

    public init(destination: Destination, publicURL: String? = nil) {
        self.destination = destination
        self.publicURL = publicURL
    }

    /// The channel key for rate limiting (one webhook posts to one channel).
    public var channelKey: String {
        switch destination {
        case .webhook(let url): url
        case .bot(_, let channel, _): channel
        }
    }

    /// `SLACK_WEBHOOK_URL`, else `SLACK_BOT_TOKEN` + `SLACK_CHANNEL` (and `SLACK_API_URL`,
    /// default `https://slack.com/api/chat.postMessage`), else nil.
    static func fromEnvironment(_ reader: EnvironmentReader) throws(ConfigurationError) -> SlackConfiguration? {
        var configuration: SlackConfiguration
        if let url = reader.string("SLACK_WEBHOOK_URL") {
            configuration = SlackConfiguration(destination: .webhook(url: url))
        } else if let token = reader.string("SLACK_BOT_TOKEN") {
            guard let channel = reader.string("SLACK_CHANNEL") else {
                throw ConfigurationError("SLACK_BOT_TOKEN is set but SLACK_CHANNEL is not")
            }
            let api = reader.string("SLACK_API_URL") ?? "https://slack.com/api/chat.postMessage"
            configuration = SlackConfiguration(destination: .bot(token: token, channel: channel, apiURL: api))
        } else {
            return nil
        }
        configuration.publicURL = reader.string("TASKMGR_PUBLIC_URL")
        configuration.minIntervalSeconds = try reader.double("TASKMGR_SLACK_MIN_INTERVAL", default: 1.0, range: 0...60)
        configuration.allowCIDRs = try reader.cidrs("TASKMGR_SLACK_ALLOW_CIDRS")
        return configuration
    }
}
