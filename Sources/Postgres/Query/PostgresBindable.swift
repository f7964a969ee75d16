import Foundation

/// A Swift value that can be sent as a query parameter, in PostgreSQL's text format.
/// `nil` means SQL NULL.
public protocol PostgresBindable {
    var postgresText: String? { get }
}

extension String: PostgresBindable {
    public var postgresText: String? { self }
}

extension Substring: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Int: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Double: PostgresBindable {
    /// Shortest text that reads back to the same value; PostgreSQL's spellings of the
    /// special values (`Infinity`, `-Infinity`, `NaN`), which Swift writes differently.
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension Bool: PostgresBindable {
    public var postgresText: String? { self ? "true" : "false" }
}

extension UUID: PostgresBindable {
    public var postgresText: String? { uuidString.lowercased() }
}

extension Date: PostgresBindable {
    /// RFC 3339 in UTC with microseconds, PostgreSQL's own precision.
    public var postgresText: String? { PostgresTimestamp.format(self) }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresText: String? { self?.postgresText }
}
