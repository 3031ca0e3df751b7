import HiveProtocols
import Testing

@testable import Drivers

/// The preset ladder: watts and TH/s parsing, `disabled` semantics, power-target snapping.
@Suite struct VNishPresetTests {
    @Test(
        arguments: [
            ("1100", nil, 1100.0), ("3010W", nil, 3010), ("3010 W", nil, 3010), ("1100 watt ~ 53 TH", nil, 1100),
            ("1100W ~ 53TH", nil, 1100), ("custom", "1740 watt ~ 65 TH", 1740), ("eco", "3.2 kW", 3200),
            (" 2350 ", nil, 2350),
        ] as [(String, String?, Double)])
    func wattsAreParsedFromNameOrLabel(_ name: String, _ pretty: String?, _ watts: Double) {
        #expect(VNishPresets.watts(name: name, pretty: pretty) == Watts(watts))
    }

    @Test(arguments: ["disabled", "Disabled", "53 TH", "53TH", "0", "0W", "eco", "", "1.2.6 ~"])
    func textsWithoutWattsGiveNil(_ text: String) {
        #expect(VNishPresets.watts(in: text) == nil)
    }

    @Test(arguments: [
        ("1100 watt ~ 53 TH", 53e12), ("1100W ~ 53TH", 53e12), ("4690 watt ~ 124 TH", 124e12), ("120 TH/s", 120e12),
        ("950 GH", 950e9),
    ])
    func hashRatesAreParsedFromLabels(_ text: String, _ rate: Double) {
        #expect(VNishPresets.hashrate(in: text) == HashRate(rate))
    }

    @Test func disabledIsStockWithoutWattsAndSortsLast() throws {
        let reply = try TolerantJSONReader.parse(
            #"""
            [{"name":"2100","pretty":"2100 watt ~ 78 TH","status":"tuned","modded_psu_required":false},
             {"name":"disabled","pretty":"Disabled","status":"tuned","modded_psu_required":false,
              "tune_settings":{"hashrate":0,"volt":13800,"freq":675}},
             {"name":"1100","pretty":"1100 watt ~ 53 TH","status":"untuned","modded_psu_required":false},
             {"name":"4690","pretty":"4690 watt ~ 124 TH","status":"tuned","modded_psu_required":true}]
            """#)
        let ladder = VNishPresets.ladder(from: reply)
        #expect(ladder.map(\.name) == ["1100", "2100", "4690", "disabled"])
        let disabled = try #require(ladder.last)
        #expect(disabled.isStock)
        #expect(disabled.watts == nil)  // full stock power: never 0, never "low"
        #expect(disabled.hashrate == nil)
        #expect(ladder.filter(\.isStock).count == 1)
        #expect(ladder.map(\.tuned) == [false, true, true, true])
        #expect(ladder.map(\.requiresModdedPSU) == [false, false, true, false])
        #expect(ladder[0].hashrate == .terahashes(53))
    }

    @Test func presetsWrappedInAnObjectAreRead() throws {
        let reply = try TolerantJSONReader.parse(
            #"{"presets":[{"name":"3010W","pretty":"3010W ~ 200TH","status":"tuned"}]}"#)
        #expect(VNishPresets.ladder(from: reply).map(\.watts) == [Watts(3010)])
    }

    @Test func powerTargetPicksTheHighestTunedPresetBelowNeverDisabledNorModdedPSU() async throws {
        let presets = #"""
            [{"name":"disabled","pretty":"Disabled","status":"tuned","modded_psu_required":false},
             {"name":"1100","pretty":"1100 watt ~ 53 TH","status":"tuned","modded_psu_required":false},
             {"name":"1300","pretty":"1300 watt ~ 58 TH","status":"untuned","modded_psu_required":false},
             {"name":"1500","pretty":"1500 watt ~ 63 TH","status":"tuned","modded_psu_required":true}]
            """#
        let miner = VNishScriptedMiner { request in
            switch (request.method, request.path) {
            case ("POST", "/api/v1/unlock"): return VNishScriptedMiner.json(#"{"token":"t"}"#)
            case ("GET", "/api/v1/apikeys"): return VNishScriptedMiner.json("[]")
            case ("POST", "/api/v1/apikeys"): return VNishScriptedMiner.json(#"{"status":"inserted"}"#)
            case ("GET", "/api/v1/autotune/presets"): return VNishScriptedMiner.json(presets)
            case ("POST", "/api/v1/settings"): return VNishScriptedMiner.json("{}")
            case ("GET", "/api/v1/perf-summary"): return VNishScriptedMiner.json(#"{"current_preset":{"name":"1100"}}"#)
            case ("GET", "/api/v1/status"): return VNishScriptedMiner.json(#"{"miner_state":"mining"}"#)
            default: return VNishScriptedMiner.json("{}", status: 404)
            }
        }
        let outcome = try await miner.driver().apply(.setPowerTarget(Watts(5000)))
        #expect(outcome.result == .verified)
        let write = try #require(await miner.log.requests.first { $0.path == "/api/v1/settings" })
        #expect(try TolerantJSONReader.parse(try #require(write.body)) == ["miner": ["overclock": ["preset": "1100"]]])

        let tooLow = VNishScriptedMiner.healthy(presets: presets)
        #expect(try await tooLow.driver().apply(.setPowerTarget(Watts(1000))).result == .rejected)
        #expect(await tooLow.log.count("POST", "/api/v1/settings") == 0)
    }
}
