import Foundation
import Postgres
import Testing
import TestSupport

@Suite("PostgresConnection: binds and decoding round-trip through the server")
struct PostgresBindingTests {
    @Test func everyBindableTypeRoundTrips() throws {
        let connection = try TestDatabase.connect()
        let id = UUID()
        let instant = Date(timeIntervalSince1970: 1_796_000_523.123456)
        let none: String? = nil
        let row = try connection.query("""
            SELECT \("héllo 🌍 'quoted' \"double\" \\ back")::text AS s, \(Int.min)::int8 AS i, \(Int32.max)::int4 AS i32,
                   \(Int64.max)::int8 AS i64, \(2.5)::float8 AS d, \(true)::bool AS b, \(false)::bool AS f,
                   \(id)::uuid AS u, \(instant)::timestamptz AS t, \(none)::text AS n
            """).rows[0]
        #expect(row["s"].string == "héllo 🌍 'quoted' \"double\" \\ back")
        #expect(row["i"].int == Int.min)
        #expect(try row["i32"].decode(Int32.self) == Int32.max)
        #expect(try row["i64"].decode(Int64.self) == Int64.max)
        #expect(row["d"].double == 2.5)
        #expect(row["b"].bool == true)
        #expect(row["f"].bool == false)
        #expect(row["u"].uuid == id)
        #expect(row["t"].string == "2026-11-30 01:02:03.123456+00")
        #expect(row["t"].date.map { abs($0.timeIntervalSince(instant)) < 0.000_001 } == true)
        #expect(row["n"].isNull)
        #expect(try row["n"].decode(String?.self) == nil)
    }

    @Test func serverTypesDecode() throws {
        let connection = try TestDatabase.connect()
        let row = try connection.query("""
            SELECT 42::int2 AS small, 7000000000::int8 AS big, 't'::bool AS yes,
                   '6f9619ff-8b86-d011-b42d-00c04fc964ff'::uuid AS id,
                   timestamptz '2026-11-30 03:02:03.5+02' AS at, date '2026-11-30' AS day,
                   '{"b": [1, "ü"], "a": null}'::jsonb AS doc, 1.5::numeric AS num,
                   'infinity'::timestamptz AS forever
            """).rows[0]
        #expect(row["small"].int == 42)
        #expect(row["big"].int == 7_000_000_000)
        #expect(row["yes"].bool == true)
        #expect(row["id"].uuid == UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF"))
        #expect(row["at"].string == "2026-11-30 01:02:03.5+00")
        #expect(row["at"].date == Date(timeIntervalSince1970: 1_796_000_523.5))
        #expect(row["day"].date == Date(timeIntervalSince1970: 1_795_996_800))
        let doc = try row["doc"].decode(String.self)
        #expect(doc == "{\"a\": null, \"b\": [1, \"ü\"]}")
        #expect(row["num"].double == 1.5)
        #expect(row["forever"].date == .distantFuture)
    }

    @Test func injectionStringsStayData() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: "CREATE TEMP TABLE victims (name text)")
        let attacks = [
            "'; DROP TABLE victims; --",
            "\" OR 1=1 --",
            "$1",
            "\\'; SELECT pg_sleep(10); --",
            "Robert'); DELETE FROM victims WHERE ('1'='1",
        ]
        for attack in attacks {
            _ = try connection.query("INSERT INTO victims (name) VALUES (\(attack))")
        }
        let names = try connection.query("SELECT name FROM victims ORDER BY name").rows.compactMap { $0["name"].string }
        #expect(names == attacks.sorted())
        let found = try connection.query("SELECT count(*) AS n FROM victims WHERE name = \(attacks[0])")
        #expect(found.rows[0]["n"].int == 1)
    }

    @Test func nulByteInABindIsRefusedNotTruncated() throws {
        let connection = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT \("abc\u{0}def")::text AS s") }
        #expect(error?.code == .invalidInput)
        #expect(try connection.query("SELECT 1 AS one").rows[0]["one"].int == 1)
    }

    @Test func moreBindsThanTheProtocolCarriesAreRefusedBeforeSending() throws {
        let connection = try TestDatabase.connect()
        let tooMany = PostgresQuery(unsafeSQL: "SELECT $1", binds: Array(repeating: "1", count: 65_536))
        let error = #expect(throws: PostgresError.self) { try connection.query(tooMany) }
        #expect(error?.sqlState == "54023")
        let pipelineError = #expect(throws: PostgresError.self) { try connection.pipeline(["SELECT 1", tooMany]) }
        #expect(pipelineError?.sqlState == "54023")
        #expect(try connection.query("SELECT 1 AS one").rows[0]["one"].int == 1)
    }

    @Test func badInputTextIsInvalidInput() throws {
        let connection = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT \("not a uuid")::uuid AS u") }
        #expect(error?.code == .invalidInput)
        #expect(error?.sqlState == "22P02")
        #expect(error?.description.contains("not a uuid") == false)
    }
}
