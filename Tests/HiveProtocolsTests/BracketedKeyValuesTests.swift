import HiveProtocols
import Testing

@Suite("BracketedKeyValues")
struct BracketedKeyValuesTests {
    // MARK: Inline cases

    static let parseCases: [(String, [String: String])] = [
        ("", [:]),
        ("no brackets at all", [:]),
        ("Temp[38] TMax[82]", ["Temp": "38", "TMax": "82"]),
        ("Ver[1246-83_4ec6bb0] PS[0 1225 2253]", ["Ver": "1246-83_4ec6bb0", "PS": "0 1225 2253"]),
        ("SYSTEMSTATU[Work: In Work, Hash Board: 3 ] X[1]", ["SYSTEMSTATU": "Work: In Work, Hash Board: 3", "X": "1"]),
        ("MM ID0[5] Nonce Mask[25]", ["MM ID0": "5", "Nonce Mask": "25"]),
        ("SSID[] RSSI[0]", ["SSID": "", "RSSI": "0"]),
        ("A[x[1]y] B[2]", ["A": "x[1]y", "B": "2"]),
        ("A[[[]]] B[2]", ["A": "[[]]", "B": "2"]),
        ("A[1] B[2", ["A": "1"]),
        ("A[1] B[x[2]", ["A": "1"]),
        ("A[1]] ]B[2]", ["A": "1", "B": "2"]),
        ("[1] A[2]", ["A": "2"]),
        ("A[1] A[2]", ["A": "2"]),
        ("A[1]B[2]", ["A": "1", "B": "2"]),
        ("'STATS':{Ver[Q-1] Nonce Mask[25]}", ["Ver": "Q-1", "Nonce Mask": "25"]),
        ("'HB0':{T0[1 2]} 'HB1':{T1[3 4]}", ["T0": "1 2", "T1": "3 4"]),
        ("X[温度 ok] Y[é]", ["X": "温度 ok", "Y": "é"]),
        ("  Fan1[3000]\n Fan2[ 3100 ]  ", ["Fan1": "3000", "Fan2": "3100"]),
        ("]]]][[[[", [:]),
    ]

    @Test(arguments: parseCases)
    func parsesKeyBracketValuePairs(input: String, expected: [String: String]) {
        #expect(BracketedKeyValues.parse(input) == expected)
    }

    static let numberCases: [(String, [Double])] = [
        ("0 1214 1316 242 3189", [0, 1214, 1316, 242, 3189]),
        (" 63  70  70 ", [63, 70, 70]),
        ("285.7 286.3 285.8", [285.7, 286.3, 285.8]),
        ("1.5 x -2 3e2 49% 0x10 nan inf +4 .5", [1.5, -2, 300, 4, 0.5]),
        ("1,2 3", [3]),
        ("", []),
        ("Work: In Work", []),
    ]

    @Test(arguments: numberCases)
    func extractsNumbers(input: String, expected: [Double]) {
        #expect(BracketedKeyValues.numbers(input) == expected)
    }

    @Test func hostileInputNeverCrashes() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(BracketedKeyValues.parse("K" + deep) == ["K": String(deep.dropFirst().dropLast())])
        #expect(BracketedKeyValues.parse(String(repeating: "[", count: 100_000)).isEmpty)
        var random = SplitMix64(seed: 42)
        let alphabet = Array("[] {}'AZaz09 .:-\n")
        for _ in 0..<2_000 {
            let text = String((0..<64).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            for value in BracketedKeyValues.parse(text).values { _ = BracketedKeyValues.numbers(value) }
        }
    }

    // MARK: Real Avalon samples

    @Test func avalon1246StatsMMID0() throws {
        let reply = try Samples.parse("avalonminer__a1246-21072802__cgminer__stats.json")
        let text = try #require(reply["STATS"]?[0]?["MM ID0"]?.string)
        let fields = BracketedKeyValues.parse(text)
        #expect(fields.count == 73)
        #expect(fields["Ver"] == "1246-83-21072802_4ec6bb0_211fc46")
        #expect(fields["DNA"] == "02010000cbd2fd6d")
        #expect(fields["Temp"] == "30")
        #expect(fields["TMax"] == "77")
        #expect(fields["Fan1"] == "5344")
        #expect(fields["FanR"] == "72%")
        #expect(fields["SYSTEMSTATU"] == "Work: In Work, Hash Board: 3")
        #expect(fields["ATAOPTS1"] == "--avalon10-freq 472:492:512:532 --avalon10-voltage-level 55")
        #expect(fields["GHSavg"].flatMap(Double.init) == 79656.63)
        #expect(BracketedKeyValues.numbers(fields["PS"] ?? "") == [0, 1214, 1316, 242, 3189, 1320, 3504])
        #expect(BracketedKeyValues.numbers(fields["MTavg"] ?? "") == [66, 65, 64])
        #expect(BracketedKeyValues.numbers(fields["FanR"] ?? "").isEmpty)
        let chipTemps = BracketedKeyValues.numbers(fields["PVT_T0"] ?? "")
        #expect(chipTemps.count == 120)
        #expect(chipTemps.first == 63)
        #expect(fields["WORKMODE"] == "1")
    }

    @Test func avalon1566EstatsMMID0() throws {
        let reply = try Samples.parse("avalonminer__a1566-24102401__cgminer__estats.json")
        let text = try #require(reply["STATS"]?[0]?["MM ID0"]?.string)
        let fields = BracketedKeyValues.parse(text)
        #expect(fields.count == 74)
        #expect(fields["Ver"] == "15-194-24102401_25462b2_9ddf522")
        #expect(fields["WALLPOWER"] == "3731")
        #expect(fields["Temp"] == "31")
        #expect(fields["TAvg"] == "70")
        #expect(fields["Core"] == "A3197S")
        #expect(fields["BOOTBY"] == "0x04.00000000")
        #expect(BracketedKeyValues.numbers(fields["MVavg"] ?? "") == [285.7, 286.3, 285.8])
        #expect(BracketedKeyValues.numbers(fields["NETFAIL"] ?? "") == Array(repeating: 0, count: 8))
        #expect(BracketedKeyValues.numbers(fields["PVT_V0"] ?? "").count == 160)
        let stats = try Samples.parse("avalonminer__a1566-24102401__cgminer__stats.json")
        #expect(stats["STATS"]?[0]?["MM ID0"]?.string == text, "pyasic reused one capture for both")
    }

    @Test(arguments: [
        "avalonminer__q-25052801__cgminer__litestats.json", "avalonminer__q-25052801__cgminer__stats.json",
    ])
    func avalonQSummaryInsideASection(file: String) throws {
        let reply = try Samples.parse(file)
        let text = try #require(reply["STATS"]?[0]?["MM ID0:Summary"]?.string)
        #expect(text.hasPrefix("'STATS':{Ver["))
        let fields = BracketedKeyValues.parse(text)
        #expect(fields.count == 67)
        #expect(fields["Ver"] == "Q-25052801_14a19a2")
        #expect(fields["Nonce Mask"] == "25", "the section's closing brace is not part of the value")
        #expect(fields["SSID"] == "")
        #expect(fields["DNA"] == "<DELETED>")
        #expect(fields["ATA0"] == "800-65-2264-258-20")
        #expect(fields["SYSTEMSTATU"] == "Work: In Idle, Hash Board: 1")
        #expect(fields["ITemp"] == "26")
        #expect(BracketedKeyValues.numbers(fields["PS"] ?? "").count == 7)
    }

    @Test func avalonQHashBoardInfo() throws {
        let reply = try Samples.parse("avalonminer__q-25052801__cgminer__stats.json")
        let text = try #require(reply["STATS"]?[0]?["HBinfo"]?.string)
        let fields = BracketedKeyValues.parse(text)
        #expect(fields.keys.sorted() == ["MW0", "PVT_T0", "PVT_V0"])
        let temps = BracketedKeyValues.numbers(fields["PVT_T0"] ?? "")
        #expect(temps.count == 160)
        #expect(temps.prefix(3) == [58, 59, 59])
        #expect(BracketedKeyValues.numbers(fields["MW0"] ?? "").last == 595)
    }
}
