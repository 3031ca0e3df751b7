import HiveProtocols
import Testing

@Suite("TolerantJSONReader")
struct TolerantJSONReaderTests {
    // MARK: Case tables (input → expected value)

    static let strictCases: [(String, JSONValue)] = [
        (#"{"a":1,"b":[true,false,null],"c":"x","d":{}}"#, ["a": 1, "b": [true, false, nil], "c": "x", "d": [:]]),
        ("[]", []), ("{}", [:]), (#""s""#, "s"), ("12", 12), ("-1.5e3", -1500), ("1E-2", 0.01), ("true", true),
        ("null", nil), (" [ 1 , 2 ] ", [1, 2]), (#"{"a":1,"a":2}"#, ["a": 2]),
    ]
    static let quirk1TrailingAndLeadingBlanks: [(String, JSONValue)] = [
        ("{\"a\":1}\0", ["a": 1]), ("{\"a\":1}\n\0\0", ["a": 1]), ("\0 \n{\"a\":1}", ["a": 1]),
        ("{\"a\":1}\r\n", ["a": 1]), ("\u{FEFF}{\"a\":1}", ["a": 1]), ("{\"a\":1}\"}", ["a": 1]), ("[1]]x", [1]),
        ("7\0", 7),
    ]
    static let quirk2MissingCommaBetweenObjects: [(String, JSONValue)] = [
        (#"{"STATS":[{"a":1}{"b":2}]}"#, ["STATS": [["a": 1], ["b": 2]]]),
        (#"[{"a":1} {"b":2}{"c":3}]"#, [["a": 1], ["b": 2], ["c": 3]]),
        (#"[[1][2]]"#, [[1], [2]]), (#"[1"a""b"]"#, [1, "a", "b"]),
    ]
    static let quirk3StrayCommas: [(String, JSONValue)] = [
        (#"{"a":1,}"#, ["a": 1]), ("[1,2,]", [1, 2]), (#"[,{"a":1}]"#, [["a": 1]]), (#"{,"a":1}"#, ["a": 1]),
        (#"{"a":1,,"b":2}"#, ["a": 1, "b": 2]), ("[1,,2]", [1, 2]), ("[,]", []), ("{,}", [:]),
    ]
    static let quirk4NonFiniteNumbers: [(String, JSONValue)] = [
        (
            #"{"a":nan,"b":inf,"c":-inf,"d":Infinity,"e":NaN,"f":-Infinity,"g":-nan,"h":1e999,"i":+inf,"j":1}"#,
            ["a": nil, "b": nil, "c": nil, "d": nil, "e": nil, "f": nil, "g": nil, "h": nil, "i": nil, "j": 1]
        ),
        ("[NAN, INF, -1e400]", [nil, nil, nil]), ("inf", nil),
    ]
    static let quirk5LeadingComma: [(String, JSONValue)] = [
        (#",{"a":1}"#, ["a": 1]), (",,\n{\"a\":1}", ["a": 1]), ("\0,[1]", [1]),
    ]
    static let quirk6EmptyValue: [(String, JSONValue)] = [
        (#"{"a" : ,"b":1}"#, ["a": nil, "b": 1]), (#"{"a":}"#, ["a": nil]), ("{\"a\": \n}", ["a": nil]),
        (#"{"x":1,"bitmain-fan-ctrl" : ,"y":2}"#, ["x": 1, "bitmain-fan-ctrl": nil, "y": 2]),
    ]
    static let quirk7Truncated: [(String, JSONValue)] = [
        (#"{"a":1,"b":{"c":2,"d":"#, ["a": 1, "b": ["c": 2]]),
        (#"{"a":1,"b":"hel"#, ["a": 1]), (#"{"a":1,"b":12"#, ["a": 1]), ("{\"a\":1,\"b\":12 \0", ["a": 1]),
        (#"{"a":1,"b":1e"#, ["a": 1]), (#"{"a":1,"b":-"#, ["a": 1]), (#"{"a":1,"b":tr"#, ["a": 1]),
        (#"{"a":1,"b":true"#, ["a": 1, "b": true]), (#"{"a":1,"b":"x""#, ["a": 1, "b": "x"]),
        (#"{"a":[1,2,{"x":"y""#, ["a": [1, 2, ["x": "y"]]]), (#"{"a":1,"b""#, ["a": 1]), (#"{"a":1,""#, ["a": 1]),
        (#"{"a":1,"b":"#, ["a": 1]), (#"{"a":1,"b":["#, ["a": 1, "b": []]), ("[1,2,3", [1, 2]),
        (#"{"ok":true,"a":"x\"#, ["ok": true]), (#"{"ok":true,"a":"x\u00"#, ["ok": true]),
        (#"{"STATUS":[{"STATUS":"S","When":15"#, ["STATUS": [["STATUS": "S"]]]),
    ]
    static let quirk8MissingCommaBeforeKey: [(String, JSONValue)] = [
        (#"{"temp":60"temp0":61}"#, ["temp": 60, "temp0": 61]), (#"{"a":{"b":1}"c":2}"#, ["a": ["b": 1], "c": 2]),
        (#"{"a":"""b":1}"#, ["a": "", "b": 1]),
        (#"{"a":true"b":[1]"c":null"d":0}"#, ["a": true, "b": [1], "c": nil, "d": 0]),
        (#"{"a":1 "b":2}"#, ["a": 1, "b": 2]),
    ]
    static let quirk9Strings: [(String, JSONValue)] = [
        ("[\"x\ny\tz\r\u{01}\"]", ["x\ny\tz\r\u{01}"]), (#"["\u00e9\u00C9"]"#, ["éÉ"]),
        (#"["\ud83d\ude00"]"#, ["😀"]), (#"["\ud83d"]"#, ["\u{FFFD}"]), (#"["\ude00x"]"#, ["\u{FFFD}x"]),
        (#"["\ud83dx"]"#, ["\u{FFFD}x"]), (#"["\ud83d\u0041"]"#, ["\u{FFFD}A"]), (#"["\u12"]"#, ["\u{FFFD}12"]),
        (#"["\"\\\/\b\f\n\r\t"]"#, ["\"\\/\u{08}\u{0C}\n\r\t"]), (#"["\q\'"]"#, ["q'"]), (#"["温度 ok"]"#, ["温度 ok"]),
    ]
    static let quirk10Numbers: [(String, JSONValue)] = [
        (
            "[+1, 007, 1., .5, -.5, +.5e1, 1E2, -0, 0.000000, 99999999.000000]",
            [1, 7, 1, 0.5, -0.5, 5, 100, 0, 0, 99_999_999]
        ),
        (
            "[18446744073709551615, 1392832.1381104, 5e-324]",
            [.number(18_446_744_073_709_551_615.0), 1_392_832.138_110_4, .number(.leastNonzeroMagnitude)]
        ),
        ("[TRUE, False, NULL]", [true, false, nil]),
        // Correctly rounded, like Swift's own literals (Linux JSONSerialization is off by an ULP here).
        (
            "[3.5035376205973425, 126271255279306.98, 0.0016448502920935759, 44121202599.395325]",
            [3.503_537_620_597_342_5, 126_271_255_279_306.98, 0.001_644_850_292_093_575_9, 44_121_202_599.395_325]
        ),
    ]

    @Test(
        arguments: strictCases + quirk1TrailingAndLeadingBlanks + quirk2MissingCommaBetweenObjects + quirk3StrayCommas)
    func readsStrictJSONAndBlankCommaQuirks(input: String, expected: JSONValue) throws {
        #expect(try TolerantJSONReader.parse(input) == expected)
    }

    @Test(arguments: quirk4NonFiniteNumbers + quirk5LeadingComma + quirk6EmptyValue + quirk7Truncated)
    func readsValueAndTruncationQuirks(input: String, expected: JSONValue) throws {
        #expect(try TolerantJSONReader.parse(input) == expected)
    }

    @Test(arguments: quirk8MissingCommaBeforeKey + quirk9Strings + quirk10Numbers)
    func readsKeyStringAndNumberQuirks(input: String, expected: JSONValue) throws {
        #expect(try TolerantJSONReader.parse(input) == expected)
    }

    @Test func invalidUTF8BecomesReplacementCharacter() throws {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xFF, 0xC3] + Array(#"","b":"ok"}"#.utf8)
        #expect(try TolerantJSONReader.parse(bytes) == ["a": "\u{FFFD}\u{FFFD}", "b": "ok"])
        let slice = bytes[0...]
        #expect(try TolerantJSONReader.parse(slice) == TolerantJSONReader.parse(bytes))
    }

    // MARK: Errors

    static let notJSON: [String] = [
        "", "   ", "\0\0", ",", "garbage", "<html><body>502 Bad Gateway</body></html>", "{", "[", "\0{\0", #"{"a""#,
        #"{"a":"#, #""unterminated"#, "{1:2}", #"{"a" 1}"#, #"{"a":1]"#, "[1}", "123abc", "tru", "nul", "-", "info",
        #"{"a":-true}"#, "[01x]", #"{"a":'x'}"#, "[1.2.3]", "}", "[1 2]", "\"a\" \"b\"",
    ]

    @Test(arguments: notJSON)
    func rejectsInputThatIsNotJSON(input: String) {
        #expect(throws: JSONReadError.self) { try TolerantJSONReader.parse(input) }
    }

    @Test func errorsReportOffsetReasonAndAShortExcerpt() throws {
        let long =
            #"{"pad":""# + String(repeating: "x", count: 10_000) + #"","bad" 1, "more":""#
            + String(repeating: "y", count: 10_000) + #""}"#
        let error = try #require(throws: JSONReadError.self) { try TolerantJSONReader.parse(long) }
        #expect(error.offset == 10_016)
        #expect(error.reason == "expected ':' after a key")
        #expect(error.excerpt.count <= 60)
        #expect(error.excerpt.contains(#""bad" 1"#))
        #expect(error.description.hasPrefix("JSON read error at byte 10016: expected ':' after a key"))
        #expect(error.description.count < 160)

        let empty = try #require(throws: JSONReadError.self) { try TolerantJSONReader.parse("") }
        #expect(empty.offset == 0)
        #expect(empty.description == "JSON read error at byte 0: empty input")

        let control = try #require(throws: JSONReadError.self) { try TolerantJSONReader.parse("\n\t<x>\n") }
        #expect(!control.excerpt.contains("\n"))
        #expect(JSONReadError(offset: 1, reason: "r", excerpt: String(repeating: "z", count: 100)).excerpt.count == 60)
    }

    // MARK: Hostile input

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = TolerantJSONReader.maxDepth
        var value = try TolerantJSONReader.parse(
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var levels = 0
        while let inner = value.array?.first {
            levels += 1
            value = inner
        }
        #expect(levels == depth - 1)
        #expect(value == [])
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(try TolerantJSONReader.parse(objects).object != nil)
    }

    @Test(arguments: [TolerantJSONReader.maxDepth + 1, 100_000])
    func nestingBeyondTheLimitThrows(depth: Int) {
        let inputs = [
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            String(repeating: #"{"a":"#, count: depth),
            String(repeating: "[{\"k\":", count: depth / 2 + 1),
        ]
        for input in inputs {
            let error = #expect(throws: JSONReadError.self) { try TolerantJSONReader.parse(input) }
            #expect(error?.reason.contains("nesting") == true)
        }
    }

    @Test func oneMegabyteOfRandomBytesNeverCrashes() {
        var random = SplitMix64(seed: 0x5EED_0F_F1EE7)
        let uniform = (0..<1_048_576).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        _ = try? TolerantJSONReader.parse(uniform)
        for start in stride(from: 0, to: uniform.count, by: 4096) {
            _ = try? TolerantJSONReader.parse(uniform[start..<(start + 4096)])
        }
        // Bytes drawn from JSON's own alphabet reach much deeper into the parser.
        let alphabet = Array(#"{}[]{}[],,::""""\\ 0123456789.-+eEtrufalsnIiN/u\"#.utf8) + [0, 0x0A, 0xC3, 0xFF]
        var parsed = 0
        var chunk: [UInt8] = []
        for _ in 0..<1_048_576 {
            chunk.append(alphabet[Int(random.next() % UInt64(alphabet.count))])
            if chunk.count == 512 {
                // Start most chunks with an opening brace/bracket so containers are exercised.
                chunk[0] = random.next() % 2 == 0 ? UInt8(ascii: "{") : UInt8(ascii: "[")
                if (try? TolerantJSONReader.parse(chunk)) != nil { parsed += 1 }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        #expect(parsed >= 0)
    }
}

/// A tiny deterministic PRNG (SplitMix64), so fuzz tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
