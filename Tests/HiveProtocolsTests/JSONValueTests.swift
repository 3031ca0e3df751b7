import HiveProtocols
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    let reply: JSONValue = [
        "STATUS": [["STATUS": "S", "When": 1_526_315_384]],
        "SUMMARY": [["GHS 5s": "504.56", "GHS av": 500.28, "Enabled": "Y"]],
        "id": 1,
    ]

    // MARK: Case tables

    static let doubleCases: [(JSONValue, Double?)] = [
        (.number(12.5), 12.5),
        ("12.5", 12.5), (" 7 ", 7), ("+3", 3), ("-0.25", -0.25), ("1e3", 1000), ("007", 7), (".5", 0.5),
        ("1,234", nil), ("12%", nil), ("0x10", nil), ("nan", nil), ("inf", nil), ("", nil), ("1 2", nil),
        (true, nil), (nil, nil), ([1], nil), (["a": 1], nil),
    ]

    static let intCases: [(JSONValue, Int?)] = [
        (.number(42), 42), (42.9, 42), (-42.9, -42), (.number(.infinity), nil),
        (.number(.nan), nil), (1e300, nil), ("42", 42), (" -7 ", -7), ("42.9", 42),
        ("9007199254740993", 9_007_199_254_740_993),
        ("1,000", nil), ("abc", nil), (false, nil), (nil, nil),
    ]

    static let boolCases: [(JSONValue, Bool?)] = [
        (.bool(true), true), (false, false), (1, true), (0, false), (2, nil), (0.5, nil),
        ("true", true), ("FALSE", false), ("yes", true), ("No", false), ("Y", true), ("n", false), (" y ", true),
        ("maybe", nil), ("1", nil), (nil, nil), ([true], nil),
    ]

    static let stringCases: [(JSONValue, String?)] = [
        (.string("x"), "x"), (5, "5"), (5.0, "5"), (-3, "-3"), (0.25, "0.25"), (500.28, "500.28"),
        (1e20, "1e+20"), (true, "true"), (false, "false"), (nil, nil), ([1], nil), (["a": 1], nil),
    ]

    static let serializationCases: [(JSONValue, String)] = [
        (.null, "null"), (true, "true"), (false, "false"), (5, "5"), (5.0, "5"), (-0.0, "0"),
        (0.1, "0.1"), (-2.5, "-2.5"), (1e20, "1e+20"), (.number(.nan), "null"), (.number(.infinity), "null"),
        (.number(-.infinity), "null"), ("", #""""#), ([], "[]"), ([:], "{}"),
        ([1, [2, [3]]], "[1,[2,[3]]]"), (["b": 1, "a": [true, nil]], #"{"a":[true,null],"b":1}"#),
    ]

    // MARK: Navigation

    @Test func subscriptsNavigateObjectsAndArrays() {
        #expect(reply["SUMMARY"]?[0]?["GHS av"] == .number(500.28))
        #expect(reply["STATUS"]?[0]?["STATUS"]?.string == "S")
        #expect(reply["missing"] == nil)
        #expect(reply["SUMMARY"]?[1] == nil)
        #expect(reply["SUMMARY"]?[-1] == nil)
        #expect(reply[0] == nil, "an object is not indexable")
        #expect(reply["id"]?["x"] == nil, "a number has no members")
        #expect(JSONValue.null["a"] == nil)
    }

    @Test func caseInsensitiveLookup() {
        let value: JSONValue = ["GHS 5s": 1, "ghs av": 2, "Temp": 3, "TEMP": 4]
        #expect(value.value(forKeyIgnoringCase: "ghs 5S") == 1)
        #expect(value.value(forKeyIgnoringCase: "GHS AV") == 2)
        #expect(value.value(forKeyIgnoringCase: "Temp") == 3, "exact match wins")
        #expect(value.value(forKeyIgnoringCase: "temp") == 4, "smallest matching key wins: TEMP < Temp")
        #expect(value.value(forKeyIgnoringCase: "fan") == nil)
        #expect(JSONValue.array([1]).value(forKeyIgnoringCase: "a") == nil)
    }

    // MARK: Lenient accessors

    @Test(arguments: doubleCases)
    func doubleAccessor(value: JSONValue, expected: Double?) {
        #expect(value.double == expected)
    }

    @Test(arguments: intCases)
    func intAccessor(value: JSONValue, expected: Int?) {
        #expect(value.int == expected)
    }

    @Test(arguments: boolCases)
    func boolAccessor(value: JSONValue, expected: Bool?) {
        #expect(value.bool == expected)
    }

    @Test(arguments: stringCases)
    func stringAccessor(value: JSONValue, expected: String?) {
        #expect(value.string == expected)
    }

    @Test func containerAccessorsAndNull() {
        #expect(JSONValue.array([1, 2]).array == [1, 2])
        #expect(JSONValue.object(["a": 1]).object == ["a": 1])
        #expect(JSONValue.string("a").array == nil)
        #expect(JSONValue.array([]).object == nil)
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.number(0).isNull)
        #expect(!JSONValue.string("").isNull)
    }

    // MARK: Literals

    @Test func literalsBuildTheMatchingCases() {
        #expect(("s" as JSONValue) == .string("s"))
        #expect((3 as JSONValue) == .number(3))
        #expect((3.5 as JSONValue) == .number(3.5))
        #expect((true as JSONValue) == .bool(true))
        #expect((nil as JSONValue) == .null)
        #expect(([1, "a", nil] as JSONValue) == .array([.number(1), .string("a"), .null]))
        #expect((["a": 1] as JSONValue) == .object(["a": .number(1)]))
        #expect((["a": 1, "a": 2] as JSONValue) == .object(["a": .number(2)]), "last duplicate wins")
    }

    // MARK: Serialization

    @Test(arguments: serializationCases)
    func serializesCompactJSON(value: JSONValue, expected: String) {
        #expect(value.serialized() == expected)
    }

    @Test func serializationEscapesStrings() {
        let value: JSONValue = .string("q\"b\\s/ n\n r\r t\t b\u{08} f\u{0C} nul\u{00} esc\u{1B} é 😀")
        let expected = #""q\"b\\s/ n\n r\r t\t b\b f\f nul\u0000 esc\u001b é 😀""#
        #expect(value.serialized() == expected)
        #expect(JSONValue.object(["k\"ey": 1]).serialized() == #"{"k\"ey":1}"#)
    }

    @Test func serializationSortsKeysOnRequest() throws {
        let value: JSONValue = ["zeta": 1, "alpha": 2, "Mid": 3]
        #expect(value.serialized() == #"{"Mid":3,"alpha":2,"zeta":1}"#)
        #expect(value.description == value.serialized())
        let unsorted = value.serialized(sortedKeys: false)
        #expect(unsorted.count == value.serialized().count)
        #expect(try TolerantJSONReader.parse(unsorted) == value)
    }

    @Test func serializationRoundTripsThroughTheReader() throws {
        let values: [JSONValue] = [
            reply,
            ["text": "line1\nline2\t\u{01}\"quoted\" \\ 😀 é", "numbers": [0, -1, 1.5, 1e-7, 123_456_789_012, 1e300]],
            [[], [:], [[[]]], ["": ""]],
        ]
        for value in values {
            #expect(try TolerantJSONReader.parse(value.serialized()) == value)
        }
    }
}
