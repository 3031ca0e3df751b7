import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// The ePIC personality: HTTP JSON on port 4028 (not the CGMiner API), password-checked writes.
@Suite struct EPICSimulatorTests {
    private func withFleet(
        _ range: String, clock: ManualClock = ManualClock(), _ body: (SimulatedFleet) async throws -> Void
    ) async throws {
        try await SimulatedFleet.withFleet(Sim.configuration(range, count: 1, mix: ["epic": 1]), clock: clock, body)
    }

    private func post(
        _ api: TestHTTP, _ path: String, param: String, password: String = "letmein"
    ) async throws
        -> JSONValue
    {
        try await api.post(path, json: #"{"param":\#(param),"password":"\#(password)"}"#).json
    }

    @Test func readsAreHTTPOnPort4028AndACGMinerRequestGets400() async throws {
        try await withFleet("127.206.10.0/29") { fleet in
            let truth = fleet.groundTruth().miners[0]
            let api = try Sim.http(truth, port: 4028)
            #expect(try await Sim.http(truth).response("GET", "/").text.contains("Miner Web Dashboard"))
            let summary = try await api.response("GET", "/summary").json
            #expect(summary["Software"]?.string == EPICPersonality.software)
            #expect(summary["Status"]?["Operating State"]?.string == "Mining")
            #expect(summary["HBs"]?.array?.count == 3)
            let capabilities = try await api.response("GET", "/capabilities").json
            #expect(capabilities["Model"]?.string == "AntMiner S19 XP")
            #expect(capabilities["Miner Serial Number"]?.string == truth.serial)
            let network = try await api.response("GET", "/network").json
            #expect(network["dhcp"]?["mac_address"]?.string == truth.mac)
            let chips = try await api.response("GET", "/hashrate").json
            #expect(chips[0]?["Data"]?.array?.count == 110)

            let port = try #require(truth.ports[4028])
            let outcome = try await LoopbackClient.exchange(
                host: truth.address, port: port, bytes: Array(#"{"command":"version"}"#.utf8), timeout: .seconds(20))
            let text = String(decoding: outcome.bytes ?? [], as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 400"), "\(outcome)")
        }
    }

    @Test func writesNeedThePasswordAndTakeTheirDelay() async throws {
        let clock = ManualClock()
        try await withFleet("127.206.11.0/29", clock: clock) { fleet in
            let api = try Sim.http(fleet.groundTruth().miners[0], port: 4028)
            let refused = try await post(api, "/miner", param: #""Stop""#, password: "wrong")
            #expect(refused["result"]?.bool == false)
            #expect(refused["error"]?.string == "BadPassword")
            #expect(fleet.groundTruth().miners[0].commands.isEmpty)

            #expect(try await post(api, "/miner", param: #""Stop""#)["result"]?.bool == true)
            #expect(try await api.response("GET", "/summary").json["Status"]?["Operating State"]?.string == "Idling")
            clock.advance(by: EPICPersonality.timing.sleep + .seconds(1))
            #expect(fleet.groundTruth().miners[0].hashrate.value == 0)

            #expect(try await post(api, "/miner", param: #""Autostart""#)["result"]?.bool == true)
            #expect(
                try await api.response("GET", "/summary").json["Status"]?["Operating State"]?.string == "Initializing")
            clock.advance(by: EPICPersonality.timing.wake + .seconds(1))
            #expect(try await api.response("GET", "/summary").json["Status"]?["Operating State"]?.string == "Mining")

            #expect(try await post(api, "/identify", param: "true")["result"]?.bool == true)
            #expect(fleet.groundTruth().miners[0].locate)
        }
    }

    @Test func powerTuneTargetsAreLimitedAndRetune() async throws {
        let clock = ManualClock()
        try await withFleet("127.206.12.0/29", clock: clock) { fleet in
            let api = try Sim.http(fleet.groundTruth().miners[0], port: 4028)
            let limits = EPICPersonality.limits(for: EPICPersonality.models[0])
            let tooHigh = try await post(
                api, "/perpetualtune/algo", param: #"{"algo":"PowerTune","target":\#(limits.max + 1)}"#)
            #expect(tooHigh["result"]?.bool == false)
            let wrongAlgorithm = try await post(api, "/perpetualtune/algo", param: #"{"algo":"ChipTune","target":100}"#)
            #expect(wrongAlgorithm["result"]?.bool == false)

            #expect(
                try await post(api, "/perpetualtune/algo", param: #"{"algo":"PowerTune","target":2500}"#)["result"]?
                    .bool == true)
            let summary = try await api.response("GET", "/summary").json
            #expect(summary["PerpetualTune"]?["Algorithm"]?["PowerTune"]?["Target"]?.int == 2500)
            #expect(summary["Status"]?["Operating State"]?.string == "AdjustingClockVoltage")
            clock.advance(by: EPICPersonality.timing.retune + .seconds(1))
            let after = fleet.groundTruth().miners[0]
            #expect(after.setting == "2500")
            #expect(abs(after.power.value - 2500) < 2500 * 0.03)
        }
    }
}
