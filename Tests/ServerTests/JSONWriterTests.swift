import Actors
import Testing
@testable import Server

@Suite struct JSONWriterTests {
    private func text(_ writer: JSONWriter) -> String {
        String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() throws {
        var writer = JSONWriter()
        writer.string("a\"b\\c/d\n\r\t\u{8}\u{C}\u{0}\u{1}\u{1F}\u{7F}é€😀")
        #expect(text(writer) == #""a\"b\\c/d\n\r\t\b\f\u0000\u0001\u001f"# + "\u{7F}é€😀\"")
        // The parser refuses \u0000, so the NUL case is checked on the text above and the rest round-trips.
        let withoutNul = "a\"b\\c/d\n\r\t\u{8}\u{C}\u{1}\u{1F}\u{7F}é€😀"
        #expect(try JSONParser.parse(JSONWriter.encode(.string(withoutNul))) == .string(withoutNul))
    }

    @Test func everyControlCharacterIsEscaped() throws {
        for scalar in 1..<0x20 {
            let original = String(Unicode.Scalar(UInt8(scalar)))
            let encoded = JSONWriter.encode(.string(original))
            #expect(!encoded.dropFirst().dropLast().contains { $0 < 0x20 }, "U+\(scalar) left raw")
            #expect(try JSONParser.parse(encoded) == .string(original))
        }
    }

    @Test func commasAreAutomatic() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("a", 1)
        writer.field("b", "x")
        writer.key("c")
        writer.beginArray()
        writer.int(Int64(-1))
        writer.bool(true)
        writer.null()
        writer.beginObject()
        writer.endObject()
        writer.beginArray()
        writer.endArray()
        writer.endArray()
        writer.key(String("dynamic"))
        writer.raw(Array(#"{"k":[1,2]}"#.utf8))
        writer.field("e", false)
        writer.endObject()
        #expect(text(writer) == #"{"a":1,"b":"x","c":[-1,true,null,{},[]],"dynamic":{"k":[1,2]},"e":false}"#)
    }

    @Test func integersAtTheEdges() throws {
        for number in [Int64.min, Int64.min + 1, -10, -1, 0, 1, 9, 10, 100, 1_000_000_007, Int64.max] {
            var writer = JSONWriter()
            writer.int(number)
            #expect(text(writer) == String(number))
            #expect(try JSONParser.parse(writer.bytes) == .int(number))
        }
    }

    @Test func doublesRoundTrip() throws {
        for number in [0.5, -0.001, 1e300, 5e-324, 1.0, -2.0, 123456.789, 9.223372036854775808e18] {
            #expect(try JSONParser.parse(JSONWriter.encode(.double(number))) == .double(number))
        }
    }

    @Test func idsAreTheirTwentySixCharacterText() throws {
        let id = ID(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("id", id)
        writer.key("same")
        writer.id(id)
        writer.endObject()
        let parsed = try JSONParser.parse(writer.bytes)
        #expect(parsed["id"]?.string == id.description)
        #expect(parsed["same"]?.string?.count == 26)
    }

    @Test func stringMapsHaveSortedKeys() throws {
        var writer = JSONWriter()
        writer.stringMap(["b": "2", "a": "1", "c\"": "3\n"])
        #expect(text(writer) == #"{"a":"1","b":"2","c\"":"3\n"}"#)
        #expect(try JSONParser.parse(writer.bytes).stringMap() == ["b": "2", "a": "1", "c\"": "3\n"])
        var empty = JSONWriter()
        empty.stringMap([:])
        #expect(text(empty) == "{}")
    }

    @Test func encodeSortsObjectKeysAndParsesBackEqual() throws {
        let value: JSONValue = .object([
            "z": .array([.int(1), .double(2.5), .null, .bool(false)]),
            "a": .object(["nested": .string("\u{2028}\"quoted\"")]),
            "m": .string(""),
        ])
        let encoded = JSONWriter.encode(value)
        #expect(String(decoding: encoded, as: UTF8.self).hasPrefix(#"{"a":{"nested":"#))
        #expect(try JSONParser.parse(encoded) == value)
        #expect(JSONWriter.encode(try JSONParser.parse(encoded)) == encoded)
    }

    @Test func keysAreEscapedToo() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("we\"ird\\key\n")
        writer.int(1)
        writer.endObject()
        #expect(try JSONParser.parse(writer.bytes) == .object(["we\"ird\\key\n": .int(1)]))
    }
}
