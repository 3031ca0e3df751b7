import HiveProtocols
import Testing

@testable import Drivers

/// The pure parsers: chip strings, sensor strings, hash-rate units, state and power rules.
@Suite struct AntminerParsingTests {
    // MARK: chain_acs

    @Test func chainACSCountsSlotsAndWorkingChips() throws {
        let status = try #require(AntminerFields.chipStatus(" ooo oxo x-o"))
        #expect(status.slots == 9)
        #expect(status.working == 6)
    }

    @Test(arguments: ["", "   ", nil] as [String?])
    func chainACSWithoutMarksIsAMissingBoard(_ text: String?) {
        #expect(AntminerFields.chipStatus(text) == nil)
    }

    @Test func chainACSFromTheSamples() throws {
        // S19 Pro (v2020): 38 groups of "ooo"; sleeping S19: 38 groups of "xx".
        let healthy = String(repeating: " ooo", count: 38)
        let asleep = String(repeating: " xx", count: 38)
        let ok = try #require(AntminerFields.chipStatus(healthy))
        let off = try #require(AntminerFields.chipStatus(asleep))
        #expect(ok.slots == 114 && ok.working == 114)
        #expect(off.slots == 76 && off.working == 0)
    }

    // MARK: dash-separated sensors

    @Test func dashedNumbersTreatLeadingAndDoubledDashesAsSigns() {
        #expect(AntminerFields.dashedNumbers("73-45-64-65") == [73, 45, 64, 65])
        #expect(AntminerFields.dashedNumbers("2--1-20-22") == [2, -1, 20, 22])
        #expect(AntminerFields.dashedNumbers("-8--11-10-12") == [-8, -11, 10, 12])
        #expect(AntminerFields.dashedNumbers("25-61") == [25, 61])
        #expect(AntminerFields.dashedNumbers("-").isEmpty)
    }

    @Test func temperaturesDropAbsentAndFaultySensors() {
        #expect(AntminerFields.temperatures(.string("0-0-0-0")).isEmpty)
        #expect(AntminerFields.temperatures(.string("2--1-20-22")) == [2, -1, 20, 22].map(Celsius.init))
        #expect(AntminerFields.temperatures(.number(-83)).isEmpty)
        #expect(AntminerFields.temperatures(.number(0)).isEmpty)
        #expect(AntminerFields.temperatures(.array([40, 0, 55])) == [40, 55].map(Celsius.init))
    }

    // MARK: units

    @Test func s19ReportsGigahashes() throws {
        let reply = try TolerantJSONReader.parse(try AntminerFixtures.body("s19pro-rpc", "cgminer-stats"))
        let reading = AntminerReading(rpcStats: reply)
        #expect(reading.model?.name == "Antminer S19 Pro")
        let realtime = try #require(reading.realtime)
        #expect(abs(realtime.terahashesPerSecond - 110.56689) < 1e-9)
        #expect(abs(try #require(reading.boards.first?.hashrate).gigahashesPerSecond - 37603.30) < 1e-6)
    }

    @Test func s9WithoutRateUnitIsGigahashesByItsKey() throws {
        let reply = try TolerantJSONReader.parse(try AntminerFixtures.body("s9-v1.3.58", "cgminer-stats"))
        let reading = AntminerReading(rpcStats: reply)
        #expect(abs(try #require(reading.realtime).gigahashesPerSecond - 13883.81) < 1e-6)
        #expect(reading.boards.map(\.index) == [6, 7, 8])
        #expect(reading.fans == [RPM(3720), RPM(2400)])
    }

    @Test func scryptModelsPutMegahashesUnderTheGHSKey() throws {
        // Excerpt of antminer-stock/l3plus-2017-08/cgminer__stats.txt (L3+ nominal: 504 MH/s).
        let reply = try TolerantJSONReader.parse(
            #"{"STATS":[{"CGMiner":"4.9.0","Type":"Antminer L3+"}{"ID":"L30","Elapsed":393983,"GHS 5s":"504.56","GHS av":500.28,"chain_acn1":72,"chain_rate1":"126.12"}],"id":1}"#
        )
        let reading = AntminerReading(rpcStats: reply)
        #expect(abs(try #require(reading.realtime).value - 504.56e6) < 1)
        #expect(abs(try #require(reading.boards.first?.hashrate).value - 126.12e6) < 1)
    }

    @Test func equihashRatesAreNotHashRates() throws {
        let reply = try TolerantJSONReader.parse(
            #"{"STATS":[{"CGMiner":"4.9.0","Type":"Antminer Z11"},{"ID":"ZCASH0","Elapsed":68493,"GHS 5s":"141.54","GHS av":139.59}],"id":1}"#
        )
        let reading = AntminerReading(rpcStats: reply)
        #expect(reading.realtime == nil)
        #expect(reading.average == nil)
        #expect(AntminerModel("Antminer Z11")?.nominal?.hashrate == nil)
    }

    @Test func ks5CGIReportsHashesPerSecond() throws {
        let summary = try TolerantJSONReader.parse(
            #"{"INFO":{"type":"Antminer KS5"},"SUMMARY":[{"elapsed":3600,"rate_5s":21000000000000.0,"rate_avg":20500000000000.0,"rate_ideal":21000000000000.0,"rate_unit":"H/s","status":[]}]}"#
        )
        let reading = AntminerReading(cgiSummary: summary, stats: nil)
        #expect(reading.realtime == .terahashes(21))
        #expect(reading.average == .terahashes(20.5))
        #expect(reading.ideal == .terahashes(21))
    }

    @Test func cgiTerahashUnitIsHonoured() throws {
        let summary = try TolerantJSONReader.parse(
            #"{"SUMMARY":[{"elapsed":100,"rate_5s":200.5,"rate_avg":199.0,"rate_unit":"TH/s"}]}"#)
        #expect(AntminerReading(cgiSummary: summary, stats: nil).realtime == .terahashes(200.5))
    }

    @Test func cgiWithoutRateUnitReportsNoRate() throws {
        let summary = try TolerantJSONReader.parse(#"{"SUMMARY":[{"elapsed":100,"rate_5s":200.5}]}"#)
        #expect(AntminerReading(cgiSummary: summary, stats: nil).realtime == nil)
    }

    // MARK: models

    @Test func modelNamesAreNormalised() {
        #expect(AntminerModel("Antminer S9\nV1.3.58")?.name == "Antminer S9")
        #expect(AntminerModel("Antminer S9 (vnish 3.8.6)")?.name == "Antminer S9")
        #expect(AntminerModel("  Antminer  S19 Pro ")?.name == "Antminer S19 Pro")
        #expect(AntminerModel("") == nil)
    }

    @Test func onlyX19AndNewerAndKSGetWorkModes() {
        let yes = [
            "Antminer S19", "Antminer S19j Pro", "Antminer S19 XP", "Antminer S21", "Antminer T21", "Antminer KS5 Pro",
        ]
        let no = [
            "Antminer S9", "Antminer S9i", "Antminer S17 Pro", "Antminer S17+", "Antminer T17+", "Antminer T15",
            "Antminer L3+", "Antminer Z11", "Antminer E3",
        ]
        for name in yes { #expect(AntminerModel(name)?.supportsWorkModes == true, "\(name)") }
        for name in no { #expect(AntminerModel(name)?.supportsWorkModes == false, "\(name)") }
    }

    // MARK: work mode

    @Test func workModeFromConfIncludingQuirks() throws {
        let quirky = try TolerantJSONReader.parse("{\n\"bitmain-fan-ctrl\" : ,\n\"bitmain-work-mode\" : \"\",\n}")
        #expect(AntminerWorkMode(conf: quirky) == nil)
        #expect(AntminerWorkMode(conf: ["bitmain-work-mode": "1"]) == .sleep)
        #expect(AntminerWorkMode(conf: ["bitmain-work-mode": "3"]) == .low)
        #expect(AntminerWorkMode(conf: ["miner-mode": 0]) == .normal)
        #expect(AntminerWorkMode(conf: ["bitmain-work-mode": "2"]) == nil)  // HEM on S19k Pro: not modelled
    }

    // MARK: power

    static func builder(_ model: String?, realtime: Double, mode: AntminerWorkMode? = nil) -> AntminerStatusBuilder {
        var reading = AntminerReading()
        reading.realtime = .terahashes(realtime)
        reading.average = .terahashes(realtime)
        reading.elapsed = 3600
        return AntminerStatusBuilder(reading: reading, pools: [], model: AntminerModel(model), configuredMode: mode)
    }

    @Test func powerIsAnEstimateScaledByMode() {
        let normal = Self.builder("Antminer S19 Pro", realtime: 110).status
        #expect(normal.power == Watts(3250))
        #expect(normal.powerSource == .estimated)
        let low = Self.builder("Antminer S19 Pro", realtime: 80, mode: .low).status
        #expect(abs((low.power?.value ?? 0) - 2275) < 1e-6)
        #expect(low.powerSource == .estimated)
        let asleep = Self.builder("Antminer S19", realtime: 0, mode: .sleep).status
        #expect(asleep.state == .sleeping)
        #expect(asleep.power == Watts(15))
        #expect(asleep.powerSource == .estimated)
    }

    @Test func noEstimateForUnknownModelsOrIdleMachines() {
        #expect(Self.builder("Antminer X99", realtime: 100).status.power == nil)
        #expect(Self.builder(nil, realtime: 100).status.powerSource == nil)
        #expect(Self.builder("Antminer S19 Pro", realtime: 0).status.power == nil)
    }

    @Test func cgiErrorEntriesMeanFailureWhenNotHashing() throws {
        let summary = try TolerantJSONReader.parse(
            #"{"SUMMARY":[{"elapsed":4000,"rate_5s":0.0,"rate_avg":0.0,"rate_unit":"GH/s","status":[{"type":"temp","status":"e","code":1,"msg":"over max temp"},{"type":"fans","status":"s","code":0,"msg":""}]}]}"#
        )
        let status = AntminerStatusBuilder(
            reading: AntminerReading(cgiSummary: summary, stats: nil), pools: [], model: AntminerModel("Antminer S21"),
            configuredMode: .normal
        ).status
        #expect(status.state == .failure)
        #expect(status.messages == ["temp: over max temp"])
        #expect(status.power == nil)
    }
}
