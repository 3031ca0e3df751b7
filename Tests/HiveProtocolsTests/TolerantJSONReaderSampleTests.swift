import Foundation
import HiveProtocols
import Testing

/// The firmware reply samples copied from `/work/shared/firmware-samples/<family>/<variant>/<file>`
/// into `Samples/<family>__<variant>__<file>`.
enum Samples {
    static let directory = Bundle.module.url(forResource: "Samples", withExtension: nil)

    /// Every `cgminer__*` / `tcp4433__*` reply, plus the quirky S19 Pro `get_miner_conf.cgi` bodies.
    static let names: [String] = {
        guard let directory else { return [] }
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasSuffix(".json") || $0.hasSuffix(".txt") }.sorted()
    }()

    static let jsonNames = names.filter { $0.hasSuffix(".json") }

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(directory).appendingPathComponent(name)
        return try [UInt8](Data(contentsOf: url))
    }

    static func parse(_ name: String) throws -> JSONValue {
        try TolerantJSONReader.parse(bytes(name))
    }
}

extension JSONValue {
    /// The value of a `JSONSerialization` result, for comparing with a strict parser.
    init(foundation object: Any) throws {
        switch object {
        case is NSNull:
            self = .null
        case let number as NSNumber:
            let isBool = String(cString: number.objCType) == "c" && type(of: number) != NSNumber.self
            self = isBool ? .bool(number.boolValue) : .number(number.doubleValue)
        case let text as String:
            self = .string(text)
        case let array as [Any]:
            self = .array(try array.map(JSONValue.init(foundation:)))
        case let dictionary as [String: Any]:
            self = .object(try dictionary.mapValues(JSONValue.init(foundation:)))
        default:
            throw CocoaError(.coderInvalidValue)
        }
    }
}

@Suite("TolerantJSONReader on firmware samples")
struct TolerantJSONReaderSampleTests {
    @Test func samplesAreAllPresent() {
        let wire = Samples.names.filter { $0.contains("__cgminer__") || $0.contains("__tcp4433__") }
        #expect(wire.count == 169)
        #expect(Samples.names.filter { $0.hasSuffix(".txt") }.count == 12)
    }

    @Test(arguments: Samples.names)
    func everySampleReadsAsAnObject(name: String) throws {
        let value = try Samples.parse(name)
        #expect(value.object?.isEmpty == false)
    }

    @Test(arguments: Samples.jsonNames)
    func validJSONSamplesMatchAStrictParser(name: String) throws {
        let bytes = try Samples.bytes(name)
        let strict = try JSONValue(
            foundation: JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]))
        let tolerant = try TolerantJSONReader.parse(bytes)
        #expect(Self.firstDifference(tolerant, strict) == nil)
        #expect(try TolerantJSONReader.parse(bytes + [0]) == tolerant, "with the usual trailing NUL")
    }

    // MARK: Old Bitmain `}{` between STATS objects

    static let statsWithMissingComma: [(file: String, type: String, id: String, ghs5s: String, fan1: Double)] = [
        ("antminer-stock__l3plus-2017-08__cgminer__stats.txt", "Antminer L3+", "L30", "504.56", 3840),
        ("antminer-stock__l3plus-2017-08__cgminer__stats__not-hashing.txt", "Antminer L3+", "L30", "0.00", 3840),
        ("antminer-stock__s9-v1.3.58-2019-07__cgminer__stats.txt", "Antminer S9\nV1.3.58", "BC50", "13883.81", 0),
        ("antminer-stock__z11-2019-03__cgminer__stats.txt", "Antminer Z11", "ZCASH0", "141.54", 5640),
        ("blissz__d3-v2.06-beta__cgminer__stats.txt", "Antminer D3 Blissz v2.06 beta", "D10", "16346.64", 6030),
        ("chipless__z11-v3.0__cgminer__stats.txt", "Antminer Z11", "ZCASH0", "145474.39", 3000),
        ("hiveon__s9-2019-11__cgminer__stats.txt", "Antminer S9 Hiveon", "BC50", "11781.40", 0),
        ("mskminer__s9pro-v5.1__cgminer__stats.txt", "Antminer S9 Pro (v5.1) ", "BC50", "9039.731", 0),
        ("vnish__3.8.6-s9__cgminer__stats.txt", "Antminer S9 (vnish 3.8.6)", "BC50", "12795.48", 0),
    ]

    @Test(arguments: statsWithMissingComma)
    func oldBitmainStatsWithMissingCommaReadBothEntries(
        sample: (file: String, type: String, id: String, ghs5s: String, fan1: Double)
    ) throws {
        let reply = try Samples.parse(sample.file)
        let stats = try #require(reply["STATS"]?.array)
        #expect(stats.count == 2)
        #expect(stats[0]["Type"]?.string == sample.type)
        #expect(stats[1]["ID"]?.string == sample.id)
        #expect(stats[1]["GHS 5s"] == .string(sample.ghs5s))
        #expect(stats[1]["fan1"]?.double == sample.fan1)
        #expect(reply["STATUS"]?[0]?["STATUS"] == "S")
        #expect(reply["id"]?.int == 1)
    }

    @Test func s9StatsKeepsEveryField() throws {
        let stats = try Samples.parse("antminer-stock__s9-v1.3.58-2019-07__cgminer__stats.txt")["STATS"]?[1]
        #expect(stats?.object?.count == 182)
        #expect(stats?["temp2_7"] == -83)
        #expect(stats?["Min"] == 99_999_999)
        #expect(stats?["total_rate"]?.double == 13883.81)
        #expect(stats?["chain_rate6"]?.double == 4618.85)
        #expect(stats?["chain_xtime6"]?.string?.hasPrefix("{X0=58,X1=59,") == true)
        #expect(stats?["miner_version"] == "30.0.1.3")
    }

    // MARK: Other quirks

    @Test(arguments: [
        "antminer-stock__s19pro-2020-06__http__cgi-bin_get_miner_conf.cgi__unset-fan-ctrl.txt",
        "antminer-stock__s19pro-2020-06__http__cgi-bin_get_miner_conf.cgi__factory-empty.txt",
    ])
    func s19MinerConfWithEmptyFanControlReadsAsNull(file: String) throws {
        let conf = try Samples.parse(file)
        #expect(conf.object?.count == 14)
        #expect(conf["bitmain-fan-ctrl"] == .null)
        #expect(conf["bitmain-use-vil"]?.bool == true)
        #expect(conf["api-allow"] == "A:0/0,W:*")
        #expect(conf["pools"]?.array?.count == 3)
        #expect(conf["bitmain-freq-level"] == "")
    }

    @Test func s19MinerConfKeepsConfiguredValues() throws {
        let conf = try Samples.parse(
            "antminer-stock__s19pro-2020-06__http__cgi-bin_get_miner_conf.cgi__unset-fan-ctrl.txt")
        #expect(conf["pools"]?[2]?["url"] == "stratum+tcp://xxx:443")
        #expect(conf["bitmain-freq"]?.int == 500)
        #expect(conf["bitmain-voltage"]?.double == 1280)
    }

    @Test func s9kVersionWithStrayTrailingQuoteBrace() throws {
        let reply = try Samples.parse("antminer-stock__s9k-2019-09__cgminer__version.txt")
        #expect(reply.object?.keys.sorted() == ["STATUS", "VERSION", "id"])
        #expect(reply["VERSION"]?[0]?["Type"] == "Antminer S9k")
        #expect(reply["VERSION"]?[0]?["API"]?.double == 3.1)
        #expect(reply["STATUS"]?[0]?["When"]?.int == 1_616_818_105)
    }

    /// Hammer D10 sends `"temp1"` … `"temp4"` four times each; by design only the last survives
    /// (the earlier per-chain readings are lost).
    @Test func duplicateKeysKeepTheLastValue() throws {
        let name = "hammer__d10-2023-05-28__cgminer__stats.json"
        let text = String(decoding: try Samples.bytes(name), as: UTF8.self)
        #expect(text.components(separatedBy: #""temp1":"#).count == 5, "the sample repeats temp1 four times")
        let stats = try Samples.parse(name)["STATS"]?[1]
        #expect(stats?["temp1"] == 45)
        #expect(stats?["temp2"] == 42)
        #expect(stats?["temp3"] == 40)
        #expect(stats?["temp4"] == 0)
        #expect(stats?["temp_num"] == 12)
    }

    // MARK: Truncation at every byte

    @Test(arguments: [
        "antminer-stock__s9-v1.3.58-2019-07__cgminer__stats.txt",
        "antminer-stock__s19pro-2020-06__http__cgi-bin_get_miner_conf.cgi__unset-fan-ctrl.txt",
        "whatsminer__v3__tcp4433__get.device.info.json",
        "luxos__v1__cgminer__stats.json",
    ])
    func truncatedAtEveryByteYieldsAPartialObject(file: String) throws {
        let bytes = try Samples.bytes(file)
        let full = try TolerantJSONReader.parse(bytes)
        let fullKeys = Set(try #require(full.object).keys)
        let (firstKey, firstMemberEnd) = try #require(Self.firstMember(of: bytes))
        for length in 0...bytes.count {
            let prefix = bytes[..<length]
            guard let partial = try? TolerantJSONReader.parse(prefix) else {
                #expect(length <= firstMemberEnd, "prefix of \(length) bytes failed")
                continue
            }
            let members = try #require(partial.object, "prefix of \(length) bytes")
            #expect(Set(members.keys).isSubset(of: fullKeys))
            if length > firstMemberEnd {
                #expect(members[firstKey] == full[firstKey], "prefix of \(length) bytes")
            }
        }
    }

    /// The first place where `lhs` and `rhs` differ (`nil` if they match), for failure messages.
    ///
    /// Numbers may differ in the last bits: swift-corelibs-foundation's `JSONSerialization` does not
    /// always round long decimals correctly (e.g. it reads `3.5035376205973425` as
    /// `3.5035376205973434`), while the tolerant reader does (checked in `TolerantJSONReaderTests`).
    static func firstDifference(_ lhs: JSONValue, _ rhs: JSONValue, path: String = "$") -> String? {
        switch (lhs, rhs) {
        case (.number(let left), .number(let right)):
            let close = abs(left - right) <= 1e-14 * max(abs(left), abs(right))
            return close ? nil : "\(path): \(left) != \(right)"
        case (.array(let left), .array(let right)) where left.count == right.count:
            return zip(left, right).enumerated().lazy
                .compactMap { firstDifference($1.0, $1.1, path: "\(path)[\($0)]") }.first
        case (.object(let left), .object(let right)) where left.keys.sorted() == right.keys.sorted():
            return left.keys.sorted().lazy
                .compactMap { key in
                    left[key].flatMap { value in firstDifference(value, rhs[key] ?? .null, path: "\(path).\(key)") }
                }
                .first
        default:
            return lhs == rhs ? nil : "\(path): \(lhs) != \(rhs)"
        }
    }

    /// The first key of the top-level object and the offset of the `,` or `}` that ends its member.
    static func firstMember(of bytes: [UInt8]) -> (key: String, end: Int)? {
        guard let open = bytes.firstIndex(of: UInt8(ascii: "{")) else { return nil }
        var depth = 0
        var inString = false
        var escaped = false
        var keyStart: Int?
        var key: String?
        for index in open..<bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if key == nil, let start = keyStart { key = String(decoding: bytes[start..<index], as: UTF8.self) }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1, keyStart == nil { keyStart = index + 1 }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0, let key { return (key, index) }
            case UInt8(ascii: ","):
                if depth == 1, let key { return (key, index) }
            default:
                break
            }
        }
        return nil
    }
}
