import HiveProtocols
import Testing

@Suite struct UnitsTests {
    @Test(arguments: [
        (95000.0, "GH/s", 95.0), (95.0, "TH/s", 95.0), (21e12, "H/s", 21.0), (21e12, "h/s", 21.0),
        (110_000.0, "GH", 110.0), (0.5, " PH/s ", 500.0), (504.0, "MH/s", 0.000504),
    ])
    func hashRateParsesFirmwareUnits(value: Double, unit: String, terahashes: Double) throws {
        let rate = try #require(HashRate.parse(value, unit: unit))
        #expect(abs(rate.terahashesPerSecond - terahashes) < 1e-9)
    }

    @Test func unknownUnitOrNonFiniteIsNil() {
        #expect(HashRate.parse(1, unit: "Sol/s") == nil)
        #expect(HashRate.parse(.infinity, unit: "GH/s") == nil)
        #expect(HashRate.parse(.nan, unit: "GH/s") == nil)
    }

    @Test func descriptions() {
        #expect(HashRate.terahashes(110.456).description == "110.46 TH/s")
        #expect(Watts(3250.4).description == "3250 W")
        #expect(Celsius(65).description == "65.0 °C")
        #expect(Watts.kilowatts(1.5).value == 1500)
        #expect(Volts.millivolts(13_600).value == 13.6)
    }

    @Test func arithmeticAndOrdering() {
        #expect(Watts(100) + Watts(50) == Watts(150))
        #expect(Watts(100) - Watts(150) < .zero)
        #expect([Watts(3), Watts(1), Watts(2)].sorted() == [Watts(1), Watts(2), Watts(3)])
        #expect(Watts.finite(.nan) == nil)
    }

    @Test(arguments: [
        ("aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF"), ("AA-BB-CC-DD-EE-FF", "AA:BB:CC:DD:EE:FF"),
        ("aabbccddeeff", "AA:BB:CC:DD:EE:FF"),
    ])
    func macNormalisation(raw: String, normalized: String) {
        #expect(MinerIdentity.normalizeMAC(raw) == normalized)
    }

    @Test func invalidMACsAreNil() {
        #expect(MinerIdentity.normalizeMAC("00:00:00:00:00:00") == nil)
        #expect(MinerIdentity.normalizeMAC("not a mac") == nil)
        #expect(MinerIdentity(mac: "zz").mac == nil)
    }
}
