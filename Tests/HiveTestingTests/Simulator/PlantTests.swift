import Foundation
import HiveProtocols
import HiveTesting
import Testing

@Suite struct PlantTests {
    @Test func profilesGiveScriptedValues() {
        #expect(GenerationProfile.constant(kilowatts: 5000).kilowatts(at: .seconds(999)) == 5000)
        let steps = GenerationProfile.steps(
            initial: 5000, [.init(at: .seconds(60), kilowatts: 4000), .init(at: .seconds(120), kilowatts: 4500)])
        #expect(steps.kilowatts(at: .seconds(59)) == 5000)
        #expect(steps.kilowatts(at: .seconds(60)) == 4000)
        #expect(steps.kilowatts(at: .seconds(500)) == 4500)
        let ramp = GenerationProfile.ramp(from: 5000, to: 3000, start: .seconds(100), duration: .seconds(200))
        #expect(ramp.kilowatts(at: .seconds(50)) == 5000)
        #expect(ramp.kilowatts(at: .seconds(200)) == 4000)
        #expect(ramp.kilowatts(at: .seconds(400)) == 3000)
        let walk = GenerationProfile.randomWalk(
            start: 5000, range: 4000...6000, step: 200, interval: .seconds(60), seed: 3)
        let values = (0..<200).map { walk.kilowatts(at: .seconds(60 * $0)) }
        #expect(values == (0..<200).map { walk.kilowatts(at: .seconds(60 * $0)) })
        #expect(values.allSatisfy { (4000...6000).contains($0) })
        #expect(Set(values).count > 50)
        #expect(walk.kilowatts(at: .seconds(119)) == walk.kilowatts(at: .seconds(60)))
        let segments = GenerationProfile.segments([
            .init(start: .zero, profile: .constant(kilowatts: 5000)),
            .init(start: .seconds(600), profile: .ramp(from: 5000, to: 1000, start: .zero, duration: .seconds(400))),
        ])
        #expect(segments.kilowatts(at: .seconds(599)) == 5000)
        #expect(segments.kilowatts(at: .seconds(800)) == 3000)
    }

    @Test func servesTheRealShapeWithKilowattsInMWFields() async throws {
        let clock = ManualClock()
        let config = SimulatedPlant.Configuration(
            host: "127.188.0.1", port: 0, apiKey: "k3y",
            generation: .steps(initial: 5400, [.init(at: .seconds(30), kilowatts: 4200)]), refreshInterval: .seconds(10)
        )
        try await withPlant(config, clock: clock, draw: Watts(1_800_000)) { plant in
            let http = TestHTTP(host: "127.188.0.1", port: plant.port)
            let auth = [("Authorization", "Bearer k3y")]

            #expect(try await http.response("GET", "/data/latest?plant_id=complexo-paranhos").status == 401)
            #expect(
                try await http.response(
                    "GET", "/data/latest?plant_id=complexo-paranhos", headers: [("Authorization", "Bearer no")]
                ).status == 401)
            #expect(try await http.response("GET", "/data/latest", headers: auth).status == 400)
            #expect(try await http.response("GET", "/data/latest?plant_id=elsewhere", headers: auth).status == 404)
            #expect(try await http.response("GET", "/health").json["status"]?.string == "ok")

            let first = try await http.response("GET", "/data/latest?plant_id=complexo-paranhos", headers: auth)
            #expect(first.status == 200)
            #expect(first.strictJSON != nil)
            let reading = try #require(try first.json["reading"])
            #expect(reading["plant_id"]?.string == "complexo-paranhos")
            #expect(reading["id"]?.int == 1)
            #expect(reading["collection_timestamp"]?.string == "2025-11-13T02:13:20.000000Z")
            #expect(reading["totals"]?["generation_mw"]?.double == 5400)
            #expect(reading["totals"]?["consumption_mw"]?.double == 1800)
            #expect(reading["totals"]?["exported_mw"]?.double == 3600)
            #expect(reading["generation"]?["generoso"]?["status"]?.string == "success")
            let sources = ["generoso", "nogueira"].compactMap { reading["generation"]?[$0]?["value_mw"]?.double }
            #expect(abs(sources.reduce(0, +) - 5400) < 0.01)
            let containers = ["container_eles", "container_mazp"].compactMap {
                reading["consumption"]?[$0]?["value_mw"]?.double
            }
            #expect(abs(containers.reduce(0, +) - 1800) < 0.01)
            #expect(reading["trust"]?["confidence_score"]?.double == 1)
            #expect(reading["trust"]?["status"]?.string == "trusted")

            clock.advance(by: .seconds(31))
            let later = try await http.response("GET", "/data/latest?plant_id=complexo-paranhos", headers: auth).json[
                "reading"]
            #expect(later?["id"]?.int == 4)
            #expect(later?["collection_timestamp"]?.string == "2025-11-13T02:13:50.000000Z")
            #expect(later?["totals"]?["generation_mw"]?.double == 4200)
        }
    }

    @Test func outagesStaleReadingsAndLowTrust() async throws {
        let clock = ManualClock()
        let config = SimulatedPlant.Configuration(
            host: "127.188.0.2", port: 0, apiKey: "k",
            generation: .ramp(from: 5000, to: 4000, start: .zero, duration: .seconds(1000)),
            outages: [.init(.seconds(100) ..< .seconds(200)), .init(.seconds(300) ..< .seconds(400), kind: .refused)],
            staleWindows: [.seconds(500) ..< .seconds(700)],
            lowTrust: [.init(.seconds(800) ..< .seconds(900), score: 0.4)], refreshInterval: .seconds(10))
        try await withPlant(config, clock: clock, draw: Watts(500_000)) { plant in
            let http = TestHTTP(host: "127.188.0.2", port: plant.port)
            let get = {
                try await http.send(
                    "GET", "/data/latest?plant_id=complexo-paranhos", headers: [("Authorization", "Bearer k")])
            }

            clock.advance(to: .init(offset: .seconds(150)))
            #expect(WireResponse(try #require(try await get().bytes))?.status == 503)
            clock.advance(to: .init(offset: .seconds(350)))
            #expect(try await get() == .closed)
            clock.advance(to: .init(offset: .seconds(490)))
            let beforeStale = try reading(try await get())
            clock.advance(to: .init(offset: .seconds(650)))
            let stale = try reading(try await get())
            #expect(stale["collection_timestamp"] == beforeStale["collection_timestamp"])
            #expect(stale["totals"]?["generation_mw"] == beforeStale["totals"]?["generation_mw"])
            clock.advance(to: .init(offset: .seconds(850)))
            let doubtful = try reading(try await get())
            #expect(doubtful["trust"]?["confidence_score"]?.double == 0.4)
            #expect(doubtful["trust"]?["status"]?.string == "untrusted")
            #expect(doubtful["totals"]?["generation_mw"]?.double == 4150)
        }
    }

    @Test func consumptionIsTheFleetsRealDraw() async throws {
        let clock = ManualClock()
        let plant = SimulatedPlant.Configuration(host: "127.188.1.254", port: 0, apiKey: "k", refreshInterval: .zero)
        let config = Sim.configuration("127.188.1.0/28", count: 4, mix: ["antminer-stock": 1], plant: plant)
        try await SimulatedFleet.withFleet(config, clock: clock) { fleet in
            let server = try #require(fleet.plant)
            let http = TestHTTP(host: "127.188.1.254", port: server.port)
            let get = {
                try reading(
                    try await http.send(
                        "GET", "/data/latest?plant_id=complexo-paranhos", headers: [("Authorization", "Bearer k")]))
            }
            let before = try await get()["totals"]?["consumption_mw"]?.double ?? 0
            #expect(abs(before - fleet.totalPower.kilowatts) < 0.01)
            #expect(before > 12)

            let miner = fleet.groundTruth().miners[0]
            let http80 = try Sim.http(miner)
            let challenge = try await http80.response(
                "POST", "/cgi-bin/set_miner_conf.cgi", body: Array(#"{"miner-mode":1}"#.utf8))
            let authorization = Digest.authorization(
                challenge: try #require(challenge.header("WWW-Authenticate")), method: "POST",
                uri: "/cgi-bin/set_miner_conf.cgi", username: "root", password: "root")
            _ = try await http80.response(
                "POST", "/cgi-bin/set_miner_conf.cgi", headers: [("Authorization", authorization)],
                body: Array(#"{"miner-mode":1}"#.utf8))
            clock.advance(by: .seconds(5))
            let after = try await get()["totals"]?["consumption_mw"]?.double ?? 0
            #expect(abs(after - fleet.totalPower.kilowatts) < 0.01)
            #expect(before - after > 3)
        }
    }

    /// Runs `body` against a standalone plant whose consumers draw `draw`, then stops it.
    private func withPlant(
        _ config: SimulatedPlant.Configuration, clock: ManualClock, draw: Watts,
        _ body: (SimulatedPlant) async throws -> Void
    ) async throws {
        let plant = try await SimulatedPlant.start(config, clock: clock, epoch: Sim.epoch) { draw }
        do {
            try await body(plant)
        } catch {
            await plant.stop()
            throw error
        }
        await plant.stop()
    }

    private func reading(_ outcome: LoopbackClient.Outcome) throws -> JSONValue {
        let bytes = try #require(outcome.bytes)
        let response = try #require(WireResponse(bytes))
        return try #require(try response.json["reading"])
    }
}
