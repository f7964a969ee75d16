import Foundation

/// One value of a row, as the text PostgreSQL sent (or `nil` for NULL), with typed views.
///
/// The optional properties (`int`, `uuid`, …) answer `nil` both for NULL and for text
/// that is not of that type; use `decode(_:)` when bad data must be an error.
public struct PostgresCell: Sendable {
    /// The column's name (for error messages).
    public let column: String
    /// The value in PostgreSQL's text format, `nil` for SQL NULL.
    public let text: String?
    /// The row has no such column.
    let isMissing: Bool

    public var isNull: Bool { text == nil }

    /// Text as is: `text`, `varchar`, `jsonb` (its canonical text), enums, anything.
    public var string: String? { text }
    /// `int2`, `int4`, `int8`.
    public var int: Int? { text.flatMap { Int(postgresText: $0) } }
    /// `bool` (`t`/`f`).
    public var bool: Bool? { text.flatMap { Bool(postgresText: $0) } }
    /// `uuid`.
    public var uuid: UUID? { text.flatMap { UUID(postgresText: $0) } }
    /// `timestamptz`, `timestamp` (as UTC), `date`.
    public var date: Date? { text.flatMap { Date(postgresText: $0) } }
    /// `float4`, `float8`, `numeric`.
    public var double: Double? { text.flatMap { Double(postgresText: $0) } }

    /// The value as `T`; throws `.decoding` naming the column when the column is missing,
    /// when it is NULL and `T` is not `Optional`, or when the text is not a `T`.
    public func decode<T: PostgresDecodable>(_: T.Type = T.self) throws(PostgresError) -> T {
        if isMissing {
            throw decodingError("column \(column) is not in the result")
        }
        guard let text else {
            guard let null = T.postgresNull else {
                throw decodingError("column \(column) is NULL, expected \(T.self)")
            }
            return null
        }
        guard let value = T(postgresText: text) else {
            throw decodingError("column \(column) does not hold a \(T.self)")
        }
        return value
    }

    private func decodingError(_ message: String) -> PostgresError {
        PostgresError(code: .decoding, serverMessage: message)
    }
}
