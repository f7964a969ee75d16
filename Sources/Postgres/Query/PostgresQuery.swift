/// SQL text with its parameters kept apart: `"SELECT … WHERE id = \(id)"` becomes
/// `SELECT … WHERE id = $1` with `id` as bind 1, so values are never pasted into SQL.
public struct PostgresQuery: ExpressibleByStringInterpolation, Sendable, CustomStringConvertible {
    public var sql: String
    public var binds: [String?]

    /// SQL exactly as given, with explicit `$n` binds. "unsafe" because nothing stops
    /// the caller from having pasted a value into `unsafeSQL` — don't.
    public init(unsafeSQL: String, binds: [String?] = []) {
        self.sql = unsafeSQL
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// The SQL with `$n` placeholders; binds are left out on purpose (they may be secrets).
    public var description: String { sql }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var binds: [String?]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A value: becomes the next `$n` placeholder, its text a bind.
        public mutating func appendInterpolation<Value: PostgresBindable>(_ value: Value) {
            binds.append(value.postgresText)
            sql += "$\(binds.count)"
        }

        /// A value that may be absent: `nil` binds SQL NULL. (A separate overload so
        /// optionals interpolate without the compiler's "debug description" warning.)
        public mutating func appendInterpolation<Value: PostgresBindable>(_ value: Value?) {
            binds.append(value?.postgresText)
            sql += "$\(binds.count)"
        }

        /// A table, column or role name, double-quoted with embedded quotes doubled,
        /// for the rare SQL that must name an object chosen at run time (tests, admin tools).
        public mutating func appendInterpolation(identifier: String) {
            sql += PostgresQuery.quoteIdentifier(identifier)
        }
    }

    /// `name` as a quoted SQL identifier (`my"table` → `"my""table"`).
    public static func quoteIdentifier(_ name: String) -> String {
        var quoted = "\""
        for character in name {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }
}
