import Foundation
import HiveProtocols
import HiveTesting
import Testing

@Suite struct BraiinsOSSimulatorTests {
    private func withFleet(
        _ range: String, clock: ManualClock = ManualClock(), _ body: (SimulatedFleet) async throws -> Void
    ) async throws {
        try await SimulatedFleet.withFleet(
            Sim.configuration(range, count: 1, mix: ["braiins-os": 1]), clock: clock, body)
    }

    private func login(_ http: TestHTTP) async throws -> [(String, String)] {
        let reply = try await http.post("/api/v1/auth/login", json: #"{"username":"root","password":"root"}"#)
        let token = try #require(try reply.json["token"]?.string)
        return [("Authorization", "Bearer \(token)")]
    }

    @Test func loginIdentityAndAuthEnforcement() async throws {
        try await withFleet("127.201.1.0/29") { fleet in
            let truth = fleet.groundTruth().miners[0]
            let http = try Sim.http(truth)
            #expect(try await http.response("GET", "/").text.contains("Braiins OS"))
            #expect(try await http.response("GET", "/api/v1/miner/details").status == 401)
            let wrong = try await http.post("/api/v1/auth/login", json: #"{"username":"root","password":"x"}"#)
            #expect(wrong.status == 401)
            let auth = try await login(http)
            let details = try await http.response("GET", "/api/v1/miner/details", headers: auth).json
            #expect(details["miner_identity"]?["name"]?.string == truth.model)
            #expect(details["mac_address"]?.string?.uppercased() == truth.mac)
            #expect(details["status"]?.int == 2)
            let state = try await http.post("/graphql", json: #"{"query":"{bos{hostname info{version{full}}}}"}"#)
            #expect(try state.json["data"]?["bos"]?["hostname"]?.string == truth.hostname)
        }
    }

    @Test func powerTargetRetunesAfterTheDelayAndLimitsAreEnforced() async throws {
        let clock = ManualClock()
        try await withFleet("127.201.2.0/29", clock: clock) { fleet in
            let http = try Sim.http(fleet.groundTruth().miners[0])
            let auth = try await login(http)
            let limits = try await http.response("GET", "/api/v1/configuration/constraints", headers: auth).json
            let max = try #require(limits["tuner_constraints"]?["power_target"]?["max"]?["watt"]?.int)
            let tooHigh = try await http.response(
                "PUT", "/api/v1/performance/power-target", headers: auth + [("Content-Type", "application/json")],
                body: Array(#"{"watt":\#(max + 1)}"#.utf8))
            #expect(tooHigh.status == 400)

            let before = fleet.groundTruth().miners[0].power
            let set = try await http.response(
                "PUT", "/api/v1/performance/power-target", headers: auth + [("Content-Type", "application/json")],
                body: Array(#"{"watt":2500}"#.utf8))
            #expect(set.status == 200)
            let tuner = try await http.response("GET", "/api/v1/performance/tuner-state", headers: auth).json
            #expect(tuner["overall_tuner_state"]?.int == 3)
            #expect(fleet.groundTruth().miners[0].power == before)
            clock.advance(by: BraiinsOSPersonality.timing.retune + .seconds(1))
            let after = fleet.groundTruth().miners[0]
            #expect(after.setting == "2500")
            #expect(abs(after.power.value - 2500) < 2500 * 0.03)
            let config = try await http.response("GET", "/api/v1/configuration/miner", headers: auth).json
            #expect(config["tuner"]?["power_target"]?["watt"]?.int == 2500)
        }
    }
}
