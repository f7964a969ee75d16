import Foundation
import Postgres
import Testing

@Suite("PostgresQuery: interpolation turns values into binds")
struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeNumberedPlaceholders() {
        let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!
        let name = "x'; DROP TABLE t; --"
        let query: PostgresQuery = "SELECT * FROM t WHERE id = \(id) AND name = \(name) AND n > \(3)"
        #expect(query.sql == "SELECT * FROM t WHERE id = $1 AND name = $2 AND n > $3")
        #expect(query.binds == ["6f9619ff-8b86-d011-b42d-00c04fc964ff", name, "3"])
    }

    @Test func nilOptionalBindsNull() {
        let missing: String? = nil
        let present: Int? = 7
        let query: PostgresQuery = "UPDATE t SET a = \(missing), b = \(present)"
        #expect(query.sql == "UPDATE t SET a = $1, b = $2")
        #expect(query.binds == [nil, "7"])
    }

    @Test func literalWithoutInterpolationHasNoBinds() {
        let query: PostgresQuery = "SELECT 1"
        #expect(query.sql == "SELECT 1")
        #expect(query.binds.isEmpty)
    }

    @Test func identifiersAreQuotedWithInnerQuotesDoubled() {
        let query: PostgresQuery = "SELECT * FROM \(identifier: "odd\"name") WHERE a = \(1)"
        #expect(query.sql == "SELECT * FROM \"odd\"\"name\" WHERE a = $1")
        #expect(query.binds == ["1"])
    }

    @Test func bindableTextOfEachType() {
        #expect(Int32(-5).postgresText == "-5")
        #expect(Int64.max.postgresText == "9223372036854775807")
        #expect(true.postgresText == "true")
        #expect(false.postgresText == "false")
        #expect(1.5.postgresText == "1.5")
        #expect(Double.infinity.postgresText == "Infinity")
        #expect((-Double.infinity).postgresText == "-Infinity")
        #expect(Double.nan.postgresText == "NaN")
        #expect(Date(timeIntervalSince1970: 0).postgresText == "1970-01-01T00:00:00.000000Z")
        #expect(Date(timeIntervalSince1970: 1_796_000_523.123456).postgresText == "2026-11-30T01:02:03.123456Z")
    }

    @Test func descriptionShowsSQLButNeverBinds() {
        let secret = "hunter2"
        let query: PostgresQuery = "SELECT \(secret)"
        #expect(query.description == "SELECT $1")
        #expect(!query.description.contains(secret))
    }
}
