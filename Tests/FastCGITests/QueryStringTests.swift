import Testing
@testable import FastCGI

@Suite("QueryString")
struct QueryStringTests {
    @Test("pairs in order, '+' as space, percent escapes decoded as UTF-8")
    func decodesPairs() {
        let items = QueryString.items("status=in_progress&q=a+b%20c&name=%C3%A9t%C3%A9")
        #expect(items.map(\.name) == ["status", "q", "name"])
        #expect(items.map(\.value) == ["in_progress", "a b c", "été"])
    }

    @Test("empty pairs are skipped, a name without '=' has an empty value, '=' in a value is kept")
    func edgeCases() {
        let items = QueryString.items("&&flag&cursor=abc==&=x&")
        #expect(items.map(\.name) == ["flag", "cursor", ""])
        #expect(items.map(\.value) == ["", "abc==", "x"])
        #expect(QueryString.items("").isEmpty)
    }

    @Test("an encoded '&', '=' or '+' stays data")
    func encodedDelimiters() {
        let items = QueryString.items("a=1%262&b%3Dc=%2B")
        #expect(items.map(\.name) == ["a", "b=c"])
        #expect(items.map(\.value) == ["1&2", "+"])
    }

    @Test("a broken escape is kept literally; invalid UTF-8 becomes U+FFFD")
    func brokenEscapes() {
        #expect(QueryString.decode("100%") == "100%")
        #expect(QueryString.decode("%zz%4") == "%zz%4")
        #expect(QueryString.decode("%41%4a%4A") == "AJJ")
        #expect(QueryString.decode("%FF") == "\u{FFFD}")
    }
}
