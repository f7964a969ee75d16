import Testing
@testable import TaskmgrCore

@Suite struct JSONValueTests {
    @Test func parsesAndSerializesRoundTrip() throws {
        let text = #"{"a":[1,-2.5,3e2,true,false,null],"b":{"c":"d\n\u00e9\ud83d\ude00"},"e":""}"#
        let value = try JSONValue.parse(text)
        #expect(value["a"]?.arrayValue?.count == 6)
        #expect(value["b"]?["c"]?.stringValue == "d\né😀")
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(value.serialized().hasPrefix(#"{"a":[1,-2.5,3e2,true,false,null]"#))
    }

    @Test func keepsLargeIntegersExactly() throws {
        let value = try JSONValue.parse("12345678901234567890123")
        #expect(value.serialized() == "12345678901234567890123")
    }

    @Test(arguments: [
        ("{\"a\":1,\"a\":2}", "duplicate key"),
        ("1e309", "number out of range"),
        ("-1e400", "number out of range"),
        ("\"\\u0000\"", "\\u0000"),
        ("{\"a\":1", "unexpected end"),
        ("[1,2,]", "unexpected character"),
        ("01", "unexpected data"),
        ("{} {}", "unexpected data"),
        ("\"\\ud800\"", "unpaired surrogate"),
        ("'a'", "unexpected character"),
        ("NaN", "unexpected character"),
        ("\"tab\there\"", "control character"),
        ("", "unexpected end"),
    ])
    func rejectsInvalidJSON(text: String, message: String) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.message.contains(message) == true
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
    }

    @Test func limitsDepth() throws {
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let shallow = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(try JSONValue.parse(shallow).arrayValue != nil)
    }

    @Test func resolvesJSONPointers() throws {
        let value = try JSONValue.parse(#"{"data":{"job":{"state":"done"},"list":[{"a~b":1},{"c/d":2}]}}"#)
        #expect(value.pointer("/data/job/state") == "done")
        #expect(value.pointer("/data/list/0/a~0b") == 1)
        #expect(value.pointer("/data/list/1/c~1d") == 2)
        #expect(value.pointer("") == value)
        #expect(value.pointer("/data/list/2") == nil)
        #expect(value.pointer("/data/list/01") == nil)
        #expect(value.pointer("data") == nil)
    }

    @Test func escapesControlCharactersWhenSerializing() {
        #expect(JSONValue.string("a\u{1}\"\\").serialized() == #""a\u0001\"\\""#)
    }
}
