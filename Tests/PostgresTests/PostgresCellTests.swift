import Foundation
@testable import Postgres
import Testing

@Suite("PostgresCell: typed decoding of PostgreSQL text")
struct PostgresCellTests {
    /// A one-row result with the given columns, as the server would send it.
    private func row(_ cells: KeyValuePairs<String, String?>) -> PostgresRow {
        var snapshot = LibPQResultSnapshot(copying: nil)
        snapshot.status = .tuplesOK
        snapshot.columns = cells.map(\.key)
        snapshot.rows = [cells.map(\.value)]
        return PostgresResult(snapshot).rows[0]
    }

    @Test func integersBoolsUUIDsAndText() throws {
        let row = row([
            "n": "-42", "big": "9223372036854775807", "yes": "t", "no": "f",
            "id": "6f9619ff-8b86-d011-b42d-00c04fc964ff", "body": "{\"a\": [1, \"é\"]}",
        ])
        #expect(row["n"].int == -42)
        #expect(try row["big"].decode(Int64.self) == Int64.max)
        #expect(try row["n"].decode(Int32.self) == -42)
        #expect(row["yes"].bool == true)
        #expect(row["no"].bool == false)
        #expect(row["id"].uuid == UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF"))
        #expect(row["body"].string == "{\"a\": [1, \"é\"]}")
        #expect(row[0].int == -42)
        #expect(row.columns == ["n", "big", "yes", "no", "id", "body"])
    }

    @Test func timestamptzInUTCWithMicroseconds() throws {
        let row = row(["at": "2026-11-30 01:02:03.123456+00", "plain": "2026-11-30 01:02:03+00"])
        let date = try row["at"].decode(Date.self)
        #expect(abs(date.timeIntervalSince1970 - 1_796_000_523.123456) < 0.000_001)
        #expect(row["plain"].date == Date(timeIntervalSince1970: 1_796_000_523))
    }

    @Test(arguments: [
        ("2026-11-30 03:02:03+02", 1_796_000_523.0),
        ("2026-11-29 20:32:03-04:30", 1_796_000_523.0),
        ("2026-11-30T01:02:03Z", 1_796_000_523.0),
        ("2026-11-30T01:02:03.5Z", 1_796_000_523.5),
        ("2026-11-30", 1_795_996_800.0),
        ("1969-12-31 23:59:59.5+00", -0.5),
        ("2000-02-29 00:00:00+00", 951_782_400.0),
    ])
    func timestampOffsetsAndForms(text: String, seconds: Double) {
        let date = PostgresTimestamp.parse(text)
        #expect(date.map { abs($0.timeIntervalSince1970 - seconds) < 0.000_001 } == true, "\(text)")
    }

    @Test(arguments: ["", "2026-13-01", "2026-11-30 25:00", "2026-11-30 01:02:03+0", "yesterday", "2026-11-30 01:02:03 junk"])
    func malformedTimestampsAreRejected(text: String) {
        #expect(PostgresTimestamp.parse(text) == nil)
    }

    @Test func infinityTimestamps() {
        #expect(PostgresTimestamp.parse("infinity") == .distantFuture)
        #expect(PostgresTimestamp.parse("-infinity") == .distantPast)
    }

    @Test func formatThenParseIsTheSameInstant() {
        for seconds in [0.0, 1_796_000_523.123456, -1_000_000.25, 4_102_444_799.999999] {
            let date = Date(timeIntervalSince1970: seconds)
            let back = PostgresTimestamp.parse(PostgresTimestamp.format(date))
            #expect(back.map { abs($0.timeIntervalSince1970 - seconds) < 0.000_001 } == true, "\(seconds)")
        }
    }

    @Test func nullDecodesToNilOnlyForOptionals() throws {
        let row = row(["missing": nil])
        #expect(row["missing"].isNull)
        #expect(row["missing"].int == nil)
        #expect(try row["missing"].decode(Int?.self) == nil)
        let error = #expect(throws: PostgresError.self) { try row["missing"].decode(Int.self) }
        #expect(error?.code == .decoding)
        #expect(error?.serverMessage?.contains("missing") == true)
    }

    @Test func badDataThrowsDecodingNamingTheColumn() {
        let row = row(["attempts": "many", "flag": "maybe", "id": "not-a-uuid", "at": "soon"])
        for (column, decode) in [
            ("attempts", { try row["attempts"].decode(Int.self) as Any }),
            ("flag", { try row["flag"].decode(Bool.self) as Any }),
            ("id", { try row["id"].decode(UUID.self) as Any }),
            ("at", { try row["at"].decode(Date.self) as Any }),
        ] as [(String, () throws -> Any)] {
            let error = #expect(throws: PostgresError.self) { try decode() }
            #expect(error?.code == .decoding)
            #expect(error?.serverMessage?.contains(column) == true, "\(column)")
            #expect(error?.description == PostgresError(code: .decoding).description)
        }
    }

    @Test func unknownColumnThrowsDecodingNamingIt() {
        let row = row(["a": "1"])
        #expect(row["b"].isNull)
        let error = #expect(throws: PostgresError.self) { try row["b"].decode(String?.self) }
        #expect(error?.code == .decoding)
        #expect(error?.serverMessage?.contains("b") == true)
        #expect(throws: PostgresError.self) { try row[5].decode(String?.self) }
    }

    @Test func floatingPointIncludingSpecialValues() throws {
        let row = row(["x": "1.25", "inf": "Infinity", "nan": "NaN"])
        #expect(row["x"].double == 1.25)
        #expect(try row["inf"].decode(Double.self) == .infinity)
        #expect(try row["nan"].decode(Double.self).isNaN)
    }
}
