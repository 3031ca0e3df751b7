import Foundation
import HiveProtocols
import HiveTesting
import Testing

@Suite struct VNishSimulatorTests {
    private func withFleet(
        _ range: String, clock: ManualClock = ManualClock(), _ body: (SimulatedFleet) async throws -> Void
    ) async throws {
        try await SimulatedFleet.withFleet(Sim.configuration(range, count: 1, mix: ["vnish": 1]), clock: clock, body)
    }

    private static let key = "0123456789abcdef0123456789abcdef"

    @Test func unlockAPIKeysAndAuthEnforcement() async throws {
        try await withFleet("127.184.1.0/29") { fleet in
            let truth = fleet.groundTruth().miners[0]
            let http = try Sim.http(truth)
            let page = try await http.response("GET", "/")
            #expect(page.status == 200)
            #expect(page.text.contains("AnthillOS"))
            let info = try await http.response("GET", "/api/v1/info").json
            #expect(info["fw_name"]?.string == "Vnish")
            #expect(info["miner"]?.string == "Antminer S19")
            #expect(info["system"]?["network_status"]?["mac"]?.string == truth.mac)
            #expect(try await http.response("GET", "/api/v1/status").status == 200)

            #expect(try await http.post("/api/v1/unlock", json: #"{"pw":"root"}"#).status == 401)
            let unlocked = try await http.post("/api/v1/unlock", json: #"{"pw":"admin"}"#)
            let token = try #require(try unlocked.json["token"]?.string)
            #expect(token.count == 32)
            let bearer = [("Authorization", "Bearer \(token)")]

            #expect(try await http.response("GET", "/api/v1/summary").status == 401)
            #expect(try await http.response("GET", "/api/v1/apikeys").status == 401)
            #expect(try await http.response("GET", "/api/v1/apikeys", headers: bearer).text == "[]")
            let short = try await http.post(
                "/api/v1/apikeys", json: #"{"key":"abc","description":"PowerHive"}"#, headers: bearer)
            #expect(short.status == 422)
            #expect(try short.json["err"]?.string == "Wrong apikey format")
            let added = try await http.post(
                "/api/v1/apikeys", json: #"{"key":"\#(Self.key)","description":"PowerHive"}"#, headers: bearer)
            #expect(try added.json["status"]?.string == "inserted")
            let listed = try await http.response("GET", "/api/v1/apikeys", headers: bearer).json
            #expect(listed[0]?["description"]?.string == "PowerHive")

            let withKey = [("x-api-key", Self.key)]
            let summary = try await http.response("GET", "/api/v1/summary", headers: withKey)
            #expect(summary.status == 200)
            #expect(try summary.json["miner"]?["miner_type"]?.string == "Antminer S19 (Vnish 1.2.6)")
            #expect(try await http.response("GET", "/api/v1/apikeys", headers: withKey).status == 401)
            #expect(
                try await http.response(
                    "GET", "/api/v1/summary", headers: [("x-api-key", String(repeating: "f", count: 32))]
                ).status == 401)
            #expect(
                try await http.response("GET", "/api/v1/summary", headers: [("Authorization", "Bearer nope")]).status
                    == 401)
        }
    }

    @Test func presetChangeNeedsRestartFromStockThenRetunesAfterTheDelay() async throws {
        let clock = ManualClock()
        try await withFleet("127.184.2.0/29", clock: clock) { fleet in
            let http = try Sim.http(fleet.groundTruth().miners[0])
            let auth = try await apiKey(http)
            #expect(try await status(http)["miner_state"]?.string == "mining")

            let saved = try await http.post(
                "/api/v1/settings", json: #"{"miner":{"overclock":{"preset":"1100"}}}"#, headers: auth)
            #expect(try saved.json["restart_required"]?.bool == true)
            #expect(try saved.json["reboot_required"]?.bool == false)
            #expect(try await status(http)["restart_required"]?.bool == true)
            clock.advance(by: .seconds(120))
            #expect(fleet.groundTruth().miners[0].setting == "disabled")
            #expect(fleet.groundTruth().miners[0].configuredSetting == "1100")

            #expect(try await http.response("POST", "/api/v1/mining/restart", headers: auth).status == 200)
            #expect(try await status(http)["miner_state"]?.string == "auto-tuning")
            clock.advance(by: .seconds(59))
            #expect(fleet.groundTruth().miners[0].power.value > 3000)
            clock.advance(by: .seconds(1))
            let tuned = fleet.groundTruth().miners[0]
            #expect(tuned.activity == .mining)
            #expect(abs(tuned.power.value - 1100) < 1100 * 0.011)
            #expect(abs(tuned.hashrate.terahashesPerSecond - 53) < 53 * 0.011)
            let perf = try await http.response("GET", "/api/v1/perf-summary", headers: auth).json
            #expect(perf["current_preset"]?["name"]?.string == "1100")
            #expect(perf["current_preset"]?["pretty"]?.string == "1100 watt ~ 53 TH")
            let summary = try await http.response("GET", "/api/v1/summary", headers: auth).json
            #expect(summary["miner"]?["power_consumption"]?.int == Int(tuned.power.value.rounded()))

            // Between two tuned presets: no restart, auto-tuning for the retune delay.
            let next = try await http.post(
                "/api/v1/settings", json: #"{"miner":{"overclock":{"preset":"1300"}}}"#, headers: auth)
            #expect(try next.json["restart_required"]?.bool == false)
            #expect(try await status(http)["miner_state"]?.string == "auto-tuning")
            clock.advance(by: .seconds(60))
            #expect(abs(fleet.groundTruth().miners[0].power.value - 1300) < 1300 * 0.011)
            let commands = fleet.groundTruth().commands
            #expect(commands.map(\.command) == [.selectPreset("1100"), nil, .selectPreset("1300")])
            #expect(commands.map(\.time) == [.zero, .seconds(120), .seconds(180)])
            #expect(commands[1].request == "POST /api/v1/mining/restart")

            let unknown = try await http.post(
                "/api/v1/settings", json: #"{"miner":{"overclock":{"preset":"9999"}}}"#, headers: auth)
            #expect(unknown.status == 400)
        }
    }

    @Test func pauseResumeFindMinerAndPresets() async throws {
        let clock = ManualClock()
        try await withFleet("127.184.3.0/29", clock: clock) { fleet in
            let http = try Sim.http(fleet.groundTruth().miners[0])
            let auth = try await apiKey(http)
            let paused = try await http.response("POST", "/api/v1/mining/pause", headers: auth)
            #expect(paused.status == 200)
            #expect(paused.body.isEmpty)
            #expect(try await status(http)["miner_state"]?.string == "stopped")
            clock.advance(by: .seconds(5))
            #expect(fleet.groundTruth().miners[0].power.value < 25)
            _ = try await http.response("POST", "/api/v1/mining/resume", headers: auth)
            #expect(try await status(http)["miner_state"]?.string == "initializing")
            clock.advance(by: .seconds(20))
            #expect(try await status(http)["miner_state"]?.string == "mining")
            #expect(fleet.groundTruth().miners[0].power.value > 3000)

            #expect(try await http.response("POST", "/api/v1/find-miner", headers: auth).json["on"]?.bool == true)
            #expect(try await status(http)["find_miner"]?.bool == true)
            #expect(try await http.response("POST", "/api/v1/find-miner", headers: auth).json["on"]?.bool == false)

            let presets = try await http.response("GET", "/api/v1/autotune/presets", headers: auth).json
            #expect(presets.array?.count == 16)
            #expect(presets[0]?["name"]?.string == "disabled")
            #expect(presets[0]?["tune_settings"]?["chains"]?.array?.count == 3)
            #expect(presets[15]?["pretty"]?.string == "4690 watt ~ 124 TH")
            #expect(presets[1]?["status"]?.string == "tuned")
            #expect(fleet.groundTruth().commands.map(\.command) == [.sleep, .wake, .locate(true), .locate(false)])
        }
    }

    @Test func chainsCarryPerChipReadings() async throws {
        try await withFleet("127.184.4.0/29") { fleet in
            let truth = fleet.groundTruth().miners[0]
            let http = try Sim.http(truth)
            let chains = try await http.response("GET", "/api/v1/chains", headers: try await apiKey(http)).json
            let boards = try #require(chains.array)
            #expect(boards.count == 3)
            var total = 0.0
            for board in boards {
                let chips = try #require(board["chips"]?.array)
                #expect(chips.count == 76)
                let sum = chips.compactMap { $0["hr"]?.double }.reduce(0, +)
                let chainRate = try #require(board["hr_realtime"]?.double)
                #expect(abs(sum - chainRate) < chainRate * 0.02)
                #expect(chips[0]["freq"]?.int == 675)
                #expect(chips[0]["volt"]?.int ?? 0 > 0)
                #expect(chips[0]["temp"]?.double ?? 0 > 40)
                #expect(board["sensors"]?.array?.count == 4)
                total += chainRate
            }
            #expect(abs(total - truth.hashrate.gigahashesPerSecond) < truth.hashrate.gigahashesPerSecond * 0.03)
        }
    }

    @Test func cgminerNamesVNishAndRebootDropsTokensButKeepsKeys() async throws {
        let clock = ManualClock()
        try await withFleet("127.184.5.0/29", clock: clock) { fleet in
            let truth = fleet.groundTruth().miners[0]
            let version = try Sim.json(try await TestCGMiner.send("version", host: truth.address))
            #expect(version["VERSION"]?[0]?["Type"]?.string == "Antminer S19 (vnish 1.2.6)")
            let stats = try Sim.json(try await TestCGMiner.send("stats", host: truth.address))
            #expect(stats["STATS"]?[1]?["GHS 5s"]?.string != nil)  // VNish's cgminer sends it as a string
            #expect(stats["STATS"]?[1]?["state"]?.string == "mining")
            #expect(
                try Sim.json(try await TestCGMiner.send("summary", host: truth.address))["SUMMARY"]?[0]?["GHS av"]
                    != nil)

            let http = try Sim.http(truth)
            let token = try #require(
                try await http.post("/api/v1/unlock", json: #"{"pw":"admin"}"#).json["token"]?.string)
            let bearer = [("Authorization", "Bearer \(token)")]
            _ = try await http.post(
                "/api/v1/apikeys", json: #"{"key":"\#(Self.key)","description":"x"}"#, headers: bearer)
            let reboot = try await http.response("POST", "/api/v1/system/reboot", headers: bearer)
            #expect(try reboot.json["after"]?.int == 0)
            #expect(try await http.send("GET", "/api/v1/status") == .closed)
            clock.advance(by: .seconds(90))
            #expect(try await http.response("GET", "/api/v1/summary", headers: bearer).status == 401)
            #expect(try await http.response("GET", "/api/v1/summary", headers: [("x-api-key", Self.key)]).status == 200)
        }
    }

    private func apiKey(_ http: TestHTTP) async throws -> [(String, String)] {
        let token = try #require(try await http.post("/api/v1/unlock", json: #"{"pw":"admin"}"#).json["token"]?.string)
        _ = try await http.post(
            "/api/v1/apikeys", json: #"{"key":"\#(Self.key)","description":"PowerHive"}"#,
            headers: [("Authorization", "Bearer \(token)")])
        return [("x-api-key", Self.key)]
    }

    private func status(_ http: TestHTTP) async throws -> JSONValue {
        try await http.response("GET", "/api/v1/status").json
    }
}
