/// A retention such as `30d`, `12h` or `2w`: how long finished tasks stay before
/// `taskctl archive` moves them, or archived ones before it purges them.
///
/// Written the way admins write it in the env file and on the command line; sent to
/// PostgreSQL as a number of seconds (`'2592000 seconds'::interval`), never pasted into SQL.
public struct RetentionPeriod: Sendable, Equatable, CustomStringConvertible {
    public let seconds: Int
    /// The text it was parsed from (`30d`), for messages.
    public let description: String

    /// Seconds per unit suffix.
    private static let units: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]

    /// Parses `<positive integer><s|m|h|d|w>`; nil for anything else (no unit, zero, negative, overflow).
    public init?(_ text: String) {
        guard let unit = text.last, let multiplier = Self.units[unit],
              let count = Int(text.dropLast()), count > 0,
              text.first?.isNumber == true
        else { return nil }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        self.seconds = seconds
        self.description = text
    }

    /// The value for a `$n::interval` parameter.
    public var intervalText: String { "\(seconds) seconds" }
}
