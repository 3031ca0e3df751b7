import Foundation
import HiveProtocols
import Testing

@testable import Drivers

/// Bitaxe behaviour beyond the fixture cases: identification that leaves other firmwares
/// alone, the version gate for pause, the frequency ladder's hash rates and its custom entry.
@Suite struct BitaxeDriverTests {
    static func answers(status: Int = 200, body: String) -> ProbeAnswers {
        ProbeAnswers(
            host: "192.0.2.30",
            answers: [.http(BitaxeDriver.infoRequest): .http(HTTPResponse(status: status, body: Array(body.utf8)))])
    }

    @Test func identifiesOnlyAxeOSInfo() throws {
        let info = #"{"ASICModel":"BM1366","hashRate":480.5,"version":"v2.1.0","boardVersion":"204"}"#
        let match = try #require(BitaxeDriver.identify(Self.answers(body: info)))
        #expect(match.model == "Bitaxe Ultra")
        #expect(match.firmwareVersion == "v2.1.0")
        #expect(BitaxeDriver.identify(Self.answers(status: 404, body: info)) == nil)
        #expect(BitaxeDriver.identify(Self.answers(body: #"{"hashRate":1}"#)) == nil, "no ASICModel")
        #expect(BitaxeDriver.identify(Self.answers(body: "<html>AxeOS</html>")) == nil)
        #expect(BitaxeDriver.identify(ProbeAnswers(host: "192.0.2.31")) == nil)
        let hex = #"{"ASICModel":"BM1368","hashRate":4000,"boardVersion":"702"}"#
        #expect(BitaxeDriver.identify(Self.answers(body: hex))?.model == "Bitaxe Supra Hex")
        #expect(try DriverRegistry.builtIn.identify(Self.answers(body: info))?.driver == "bitaxe")
    }

    @Test func pauseNeedsAxeOS214() {
        #expect(!BitaxeDriver.supportsPause(version: "v2.4.5-3-gb5d1e36-dirty"))
        #expect(!BitaxeDriver.supportsPause(version: "v2.13.9"))
        #expect(BitaxeDriver.supportsPause(version: "v2.14.0"))
        #expect(BitaxeDriver.supportsPause(version: "v2.14.0b1"))
        #expect(BitaxeDriver.supportsPause(version: "v3.0.0"))
        #expect(!BitaxeDriver.supportsPause(version: nil))
        #expect(!BitaxeDriver.supportsPause(version: "Unknown"))
    }

    @Test func ladderCarriesExpectedHashRatesAndACustomFrequency() throws {
        let info = try TolerantJSONReader.parse(
            #"{"ASICModel":"BM1370","smallCoreCount":2040,"asicCount":2,"frequency":610}"#)
        let presets = BitaxeDriver.presets(info)
        #expect(presets.map(\.name) == ["400", "490", "525", "550", "600", "610", "625"])
        #expect(presets.allSatisfy { $0.watts == nil }, "AxeOS publishes no power per frequency")
        let custom = try #require(presets.first { $0.name == "610" })
        #expect(custom.label == "610 MHz (custom)")
        #expect(custom.hashrate == .gigahashes(610 * 2040 * 2 / 1000))
        #expect(presets.filter(\.isStock).map(\.name) == ["525"])
        let unknown = BitaxeDriver.presets(try TolerantJSONReader.parse(#"{"ASICModel":"BM9999","frequency":500}"#))
        #expect(unknown.map(\.name) == ["500"])
        #expect(unknown[0].hashrate == nil)
    }

    @Test func overheatIsAFailureWithItsReason() throws {
        let info = try TolerantJSONReader.parse(#"{"ASICModel":"BM1368","hashRate":0,"overheat_mode":1}"#)
        let status = BitaxeReader.status(info)
        #expect(status.state == .failure)
        #expect(status.messages == ["overheat mode (AxeOS throttled the ASIC)"])
    }
}
