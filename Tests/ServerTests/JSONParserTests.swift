import Foundation
import Snapshot
import Testing
@testable import Server

@Suite struct JSONParserTests {
    private func parse(_ text: String, limits: JSONLimits = .init()) throws(AppError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8), limits: limits)
    }

    /// The error a rejected body produces, or nil when the bytes parsed.
    private func rejection(_ bytes: [UInt8], limits: JSONLimits = .init()) -> AppError? {
        do {
            _ = try JSONParser.parse(bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    private func rejects(_ text: String, limits: JSONLimits = .init()) -> Bool {
        rejection(Array(text.utf8), limits: limits) != nil
    }

    @Test func scalarsAndContainers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse(" false ") == .bool(false))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([:]))
        #expect(try parse("[ 1 , \"a\" , [ ] , { } ]") == .array([.int(1), .string("a"), .array([]), .object([:])]))
        let nested = try parse("{\"a\":{\"b\":[true,null]},\"c\":-2.5}")
        #expect(nested == .object(["a": .object(["b": .array([.bool(true), .null])]), "c": .double(-2.5)]))
        #expect(try parse(" \t\r\n{\"k\" : \"v\"}\n\t\r ") == .object(["k": .string("v")]))
    }

    @Test func everyEscapeDecodes() throws {
        let value = try parse(#""\"\\\/\b\f\n\r\t\u00e9\u20AC\ud83d\ude00\uD83D\uDE00\u0041""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\t\u{E9}\u{20AC}😀😀A"))
        #expect(try parse(#""plain then \n escape""#) == .string("plain then \n escape"))
        #expect(try parse(#"{"k\u0065y":1}"#) == .object(["key": .int(1)]))
        #expect(try parse("\"é€😀\u{10FFFF}\"") == .string("é€😀\u{10FFFF}"))
    }

    @Test func numbersAtTheInt64Edges() throws {
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(try parse("-9223372036854775809") == .double(-9_223_372_036_854_775_809.0))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("-1e-3") == .double(-0.001))
        #expect(try parse("1E+2") == .double(100))
        #expect(try parse("0.0e0") == .double(0))
        #expect(try parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try parse("1.0e3").int64 == 1000)
        #expect(try parse("1.5").int64 == nil)
        #expect(try parse("1e300").int64 == nil)
    }

    @Test(arguments: [
        "01", "-01", "00", "-", "1.", ".5", "+1", "1e", "1e+", "1.e3", "0x10", "NaN", "-NaN", "Infinity", "-Infinity",
        "1e400", "-1e400", "1_000", "--1",
    ])
    func malformedNumbersAreRejected(_ text: String) {
        #expect(rejects(text))
    }

    @Test(arguments: [
        "", " ", "\n\t", "[1,]", "{\"a\":1,}", "[,1]", "[1 2]", "{\"a\" 1}", "{a:1}", "{'a':1}", "'a'", "tru", "nul",
        "True", "// c\n1", "/*c*/1", "[1]//", "{\"a\":}", "{\"a\"}", "[", "{", "[1", "{\"a\":1", "\"abc", "]", "}",
        "\u{FEFF}{}", "{,}", "[1,,2]", "{\"a\":1 \"b\":2}", "\"\\x\"", "\"\\U0041\"", "\"\\u12\"", "\"\\u12G4\"",
        "\"\\", "\"\\u", "[nulll]", "[truefalse]",
    ])
    func malformedDocumentsAreRejected(_ text: String) {
        #expect(rejects(text))
    }

    @Test func rejectionsAreBadRequestsOnTheBodyParameter() {
        let error = rejection(Array("{\"a\":".utf8))
        #expect(error?.statusCode == 400)
        #expect(error?.id == "api.context.invalid_body_param.app_error")
        #expect(error?.message.isEmpty == false)
    }

    @Test func depthAtTheLimitPassesAndOneMoreFails() throws {
        let limit = JSONLimits().depthMax
        let arrays = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(!rejects(arrays))
        let deeper = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(rejects(deeper))
        let objects = String(repeating: "{\"a\":", count: limit) + "1" + String(repeating: "}", count: limit)
        #expect(!rejects(objects))
        let deeperObjects = String(repeating: "{\"a\":", count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(rejects(deeperObjects))
        #expect(rejects("[[[1]]]", limits: JSONLimits(depthMax: 2)))
        #expect(!rejects("[[1]]", limits: JSONLimits(depthMax: 2)))
    }

    @Test func threeHundredKilobytesOfOpenBracketsFailCleanly() {
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 300 * 1024)
        #expect(rejection(hostile)?.statusCode == 400)
        let hostileObjects = Array(String(repeating: "{\"a\":", count: 60_000).utf8)
        #expect(rejection(hostileObjects)?.statusCode == 400)
    }

    @Test func elementAndStringLimits() {
        let three = JSONLimits(elementsMax: 3)
        #expect(!rejects("[1,2]", limits: three))
        #expect(rejects("[1,2,3]", limits: three))
        #expect(rejects("{\"a\":[1,2]}", limits: three))
        let four = JSONLimits(stringBytesMax: 4)
        #expect(!rejects("\"abcd\"", limits: four))
        #expect(rejects("\"abcde\"", limits: four))
        #expect(rejects(#""ab\ncd""#, limits: four))
        #expect(rejects("{\"abcde\":1}", limits: four))
        #expect(!rejects("\"éé\"", limits: four))
        #expect(rejects("\"ééé\"", limits: four))
    }

    @Test func duplicateKeysAreRejected() {
        #expect(rejects("{\"a\":1,\"a\":2}"))
        #expect(rejects("{\"a\":1,\"b\":2,\"a\":1}"))
        #expect(rejects(#"{"a":1,"\u0061":2}"#))
        #expect(rejects("[{\"x\":{\"y\":1,\"y\":1}}]"))
        #expect(!rejects("{\"a\":1,\"b\":{\"a\":2},\"c\":[{\"a\":3}]}"))
        #expect(!rejects("[{\"a\":1},{\"a\":1}]"))
    }

    @Test func trailingDataIsRejected() {
        for text in ["{} x", "1 2", "[]]", "{}{}", "\"a\"\"b\"", "null,", "true false", "0 0", "{}\u{0}"] {
            #expect(rejects(text), "\(text.debugDescription) should be rejected")
        }
        #expect(!rejects(" {} \n\t\r "))
    }

    @Test func controlCharactersAndNulInStrings() throws {
        #expect(rejects("\"a\u{0}b\""))
        #expect(rejects("\"a\tb\""))
        #expect(rejects("\"a\nb\""))
        #expect(rejects("\"\u{1F}\""))
        #expect(rejects(#""\u0000""#))
        #expect(rejects(#"{"\u0000":1}"#))
        #expect(!rejects("\"\u{7F}\""))
        #expect(try parse(#""\u0001\u001f""#) == .string("\u{1}\u{1F}"))
    }

    @Test(arguments: [
        "\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud800\\u0041", "\\ud800x", "\\ud83d\\ud83d", "\\ude00\\ud83d",
        "\\ud800\\", "\\ud800\\u", "\\ud800\\udc0",
    ])
    func loneSurrogateEscapesAreRejected(_ escape: String) {
        #expect(rejects("\"" + escape + "\""))
    }

    static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x80, 0x80, 0x80],
        [0xF0, 0x8F, 0xBF, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xC3],
        [0xC3, 0x28], [0xE2, 0x82], [0xE2, 0x28, 0xA1], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x28, 0x80],
        [0x61, 0xC3], [0xE2, 0x82, 0xAC, 0x80],
    ]

    @Test(arguments: JSONParserTests.invalidUTF8)
    func invalidUTF8IsRejected(_ sequence: [UInt8]) {
        let quote = UInt8(ascii: "\"")
        #expect(rejection([quote] + sequence + [quote]) != nil, "in a string: \(sequence)")
        #expect(rejection(Array("{\"".utf8) + sequence + Array("\":1}".utf8)) != nil, "in a key: \(sequence)")
        #expect(rejection([quote] + sequence) != nil, "truncated document: \(sequence)")
        #expect(rejection(Array("[1,".utf8) + sequence + [UInt8(ascii: "]")]) != nil, "outside a string: \(sequence)")
    }

    @Test func validUTF8EdgesAreAccepted() throws {
        let sequences: [([UInt8], String)] = [
            ([0xC2, 0x80], "\u{80}"), ([0xDF, 0xBF], "\u{7FF}"), ([0xE0, 0xA0, 0x80], "\u{800}"),
            ([0xED, 0x9F, 0xBF], "\u{D7FF}"), ([0xEE, 0x80, 0x80], "\u{E000}"), ([0xEF, 0xBF, 0xBF], "\u{FFFF}"),
            ([0xF0, 0x90, 0x80, 0x80], "\u{10000}"), ([0xF4, 0x8F, 0xBF, 0xBF], "\u{10FFFF}"),
        ]
        let quote = UInt8(ascii: "\"")
        for (bytes, expected) in sequences {
            #expect(try JSONParser.parse([quote] + bytes + [quote]) == .string(expected))
            #expect(try JSONParser.parse([quote, UInt8(ascii: "\\"), UInt8(ascii: "n")] + bytes + [quote]) == .string("\n" + expected))
        }
    }

    @Test func accessors() throws {
        let value = try parse(#"{"s":"x","i":7,"d":2.0,"b":true,"n":null,"a":[1],"m":{"k":"v"},"mixed":{"k":1}}"#)
        #expect(value["s"]?.string == "x")
        #expect(value["i"]?.int64 == 7)
        #expect(value["d"]?.int64 == 2)
        #expect(value["b"]?.bool == true)
        #expect(value["n"]?.isNull == true)
        #expect(value["s"]?.isNull == false)
        #expect(value["a"]?.array == [.int(1)])
        #expect(value["m"]?.stringMap() == ["k": "v"])
        #expect(value["mixed"]?.stringMap() == nil)
        #expect(value["m"]?.object?.count == 1)
        #expect(value["missing"] == nil)
        #expect(value["s"]?["inner"] == nil)
        #expect(value["i"]?.string == nil)
        #expect(value["s"]?.int64 == nil)
    }
}

/// Seeded fuzzing: mutated valid documents must never crash the parser, and whatever parses must
/// survive JSONWriter.encode → parse unchanged. Set JSON_FUZZ_SEED to replay a printed seed.
extension JSONParserTests {
    static let fuzzIterations = 100_000
    static let mutationsMax = 4

    static let corpus: [String] = [
        #"{"id":"abcdefghijklmnopqrstuvwxyz","n":-12,"f":1.5e-3,"ok":true,"no":false,"z":null}"#,
        #"[1,[2,[3,[4,{"a":[]}]]],"x\"y\\z\/\b\f\n\r\t\u00e9\ud83d\ude00"]"#,
        #"{"message":"héllo wörld € 😀","props":{"k":"v","nested":{"deep":[0,-0,9223372036854775807]}}}"#,
        #"  [ "", {}, [], 0.0, 1E+2, -9223372036854775808, 18446744073709551616 ]  "#,
        #"{"notify_props":{"email":"true","push":"mention"},"timezone":{"useAutomaticTimezone":"true"}}"#,
        #""a plain string with spaces and \u0041 escapes""#,
        "-123.456e+78",
        "true",
    ]

    static let interestingBytes: [UInt8] = Array("{}[],:\"\\0123456789eE+-.tnfulrs /".utf8)
        + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xA9, 0xE2, 0xED, 0xA0, 0xF0, 0xF4, 0x90, 0xFF]

    @Test func mutatedDocumentsNeverCrashAndRoundTrip() {
        let seed = ProcessInfo.processInfo.environment["JSON_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_1500
        var random = SeededRandom(seed: seed)
        let documents = Self.corpus.map { Array($0.utf8) }
        var parsedCount = 0
        for iteration in 0..<Self.fuzzIterations {
            var input = documents[Int(random.next() % UInt64(documents.count))]
            for _ in 0...Int(random.next() % UInt64(Self.mutationsMax)) { mutate(&input, &random) }
            let problem = roundTripProblem(input)
            if problem == nil, (try? JSONParser.parse(input)) != nil { parsedCount += 1 }
            if let problem {
                Issue.record("seed \(seed) iteration \(iteration): \(problem) for input \(input)")
                return
            }
        }
        // The mutations are mild enough that a good share still parses, so the round trip is exercised.
        #expect(parsedCount > Self.fuzzIterations / 20, "seed \(seed): only \(parsedCount) inputs parsed")
    }

    /// Nil when the input either fails with a 400 or parses and round-trips; otherwise what went wrong.
    private func roundTripProblem(_ input: [UInt8]) -> String? {
        let value: JSONValue
        do {
            value = try JSONParser.parse(input)
        } catch {
            return error.statusCode == 400 ? nil : "status \(error.statusCode)"
        }
        let encoded = JSONWriter.encode(value)
        guard let again = try? JSONParser.parse(encoded) else { return "re-parse of \(encoded) failed" }
        guard again == value else { return "round trip changed \(value) into \(again)" }
        guard JSONWriter.encode(again) == encoded else { return "encoding is not deterministic" }
        return nil
    }

    private func mutate(_ input: inout [UInt8], _ random: inout SeededRandom) {
        let position = input.isEmpty ? 0 : Int(random.next() % UInt64(input.count))
        let byte = random.next() % 4 == 0
            ? UInt8(truncatingIfNeeded: random.next())
            : Self.interestingBytes[Int(random.next() % UInt64(Self.interestingBytes.count))]
        switch random.next() % 6 {
        case 0 where !input.isEmpty: input[position] = byte
        case 1: input.insert(byte, at: position)
        case 2 where !input.isEmpty: input.remove(at: position)
        case 3 where !input.isEmpty:
            let end = min(input.count, position + 1 + Int(random.next() % 16))
            input.insert(contentsOf: Array(input[position..<end]), at: Int(random.next() % UInt64(input.count)))
        case 4: input.removeLast(Int(random.next() % UInt64(input.count + 1)) / 4)
        default:
            guard input.count > 1 else { return }
            input.swapAt(position, Int(random.next() % UInt64(input.count)))
        }
    }

    @Test func generatedValuesRoundTrip() throws {
        var random = SeededRandom(seed: 0xC0FFEE)
        for iteration in 0..<2_000 {
            let value = generate(depth: 0, &random)
            let encoded = JSONWriter.encode(value)
            let parsed = try JSONParser.parse(encoded)
            #expect(parsed == value, "iteration \(iteration): \(String(decoding: encoded, as: UTF8.self))")
        }
    }

    private func generate(depth: Int, _ random: inout SeededRandom) -> JSONValue {
        let leafOnly = depth >= 4
        switch random.next() % (leafOnly ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: random.next()) >> (random.next() % 64))
        case 3: return .double(Double(Int64(bitPattern: random.next()) >> 20) / 1024.0 + 0.5)
        case 4: return .string(randomString(&random))
        case 5: return .array((0..<Int(random.next() % 4)).map { _ in generate(depth: depth + 1, &random) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(random.next() % 4) { members[randomString(&random)] = generate(depth: depth + 1, &random) }
            return .object(members)
        }
    }

    private func randomString(_ random: inout SeededRandom) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "€", "😀", "\u{10FFFF}"]
        var text = String.UnicodeScalarView()
        for _ in 0..<Int(random.next() % 8) { text.append(pool[Int(random.next() % UInt64(pool.count))]) }
        return String(text)
    }
}
