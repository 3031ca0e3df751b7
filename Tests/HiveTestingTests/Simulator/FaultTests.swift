import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// Each fault kind, observed over real sockets on a small fleet with faults by address.
@Suite struct FaultTests {
    private func withFleet(
        _ subnet: Int, faults: [Int: Set<FaultKind>], mix: [DriverID: Int] = ["antminer-stock": 1],
        settings: FaultSettings = FaultSettings(slowDelay: .milliseconds(150)), latency: ClosedRange<Duration>? = nil,
        clock: ManualClock = ManualClock(), _ body: (SimulatedFleet) async throws -> Void
    ) async throws {
        let byAddress = Dictionary(uniqueKeysWithValues: faults.map { ("127.185.\(subnet).\($0.key)", $0.value) })
        let config = Sim.configuration(
            "127.185.\(subnet).0/28", count: 4, mix: mix, faultsByAddress: byAddress, faultSettings: settings,
            latency: latency)
        try await SimulatedFleet.withFleet(config, clock: clock, body)
    }

    @Test func hungAcceptsButNeverAnswers() async throws {
        try await withFleet(1, faults: [1: [.hung]]) { fleet in
            let hung = fleet.groundTruth().miners[0]
            #expect(hung.faults == [.hung])
            #expect(hung.reachable)
            let cgminer = try await TestCGMiner.send("version", host: hung.address, timeout: .milliseconds(300))
            #expect(cgminer == .timedOut)
            let http = try await Sim.http(hung).send("GET", "/", timeout: .milliseconds(300))
            #expect(http == .timedOut)
            let healthy = try await TestCGMiner.send("version", host: fleet.groundTruth().miners[1].address)
            #expect(healthy.bytes != nil)
        }
    }

    @Test func slowAnswersAfterTheDelay() async throws {
        try await withFleet(2, faults: [1: [.slow]]) { fleet in
            let slow = fleet.groundTruth().miners[0]
            let started = ContinuousClock.now
            let reply = try await TestCGMiner.send("version", host: slow.address)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
            #expect(try Sim.json(reply)["VERSION"] != nil)
        }
    }

    @Test func latencyDelaysEveryReplyWithinTheRange() async throws {
        try await withFleet(3, faults: [:], latency: .milliseconds(40) ... .milliseconds(60)) { fleet in
            let miner = fleet.groundTruth().miners[0]
            let started = ContinuousClock.now
            _ = try await TestCGMiner.send("version", host: miner.address)
            #expect(ContinuousClock.now - started >= .milliseconds(40))
        }
    }

    @Test func garbageIsMalformedOrTruncated() async throws {
        try await withFleet(4, faults: [1: [.garbage], 2: [.garbage]], mix: ["vnish": 1]) { fleet in
            for miner in fleet.groundTruth().miners.prefix(2) {
                for _ in 0..<2 {  // both variants: truncated and broken separators
                    let bytes = try #require(try await TestCGMiner.send("summary", host: miner.address).bytes)
                    #expect(bytes.last == 0)
                    #expect((try? JSONSerialization.jsonObject(with: Data(bytes.dropLast()))) == nil)
                    let info = try await Sim.http(miner).response("GET", "/api/v1/info")
                    #expect(info.strictJSON == nil)
                }
            }
            let healthy = fleet.groundTruth().miners[2]
            let info = try await Sim.http(healthy).response("GET", "/api/v1/info")
            #expect(info.strictJSON != nil)
        }
    }

    @Test func refuseBindsNothing() async throws {
        try await withFleet(5, faults: [1: [.refuse]]) { fleet in
            let refused = fleet.groundTruth().miners[0]
            #expect(refused.ports.isEmpty)
            #expect(!refused.reachable)
            let cgminer = try await TestCGMiner.send("version", host: refused.address)
            #expect(cgminer == .refused)
            let http = try await TestHTTP(host: refused.address, port: 80).send("GET", "/")
            #expect(http == .refused)
        }
    }

    @Test func authRejectsTheConfiguredCredentials() async throws {
        try await withFleet(6, faults: [1: [.auth], 2: [.auth]], mix: ["antminer-stock": 1, "vnish": 1]) { fleet in
            for miner in fleet.groundTruth().miners.prefix(2) {
                let http = try Sim.http(miner)
                if miner.personality == "vnish" {
                    #expect(try await http.post("/api/v1/unlock", json: #"{"pw":"admin"}"#).status == 401)
                } else {
                    let reply = try await http.digestGET(
                        "/cgi-bin/get_system_info.cgi", username: "root", password: "root")
                    #expect(reply.status == 401)
                }
            }
        }
    }

    @Test func flapGoesOfflineAndBackOnTheClock() async throws {
        let clock = ManualClock()
        let settings = FaultSettings(flapOnline: .seconds(60), flapOffline: .seconds(30))
        try await withFleet(7, faults: [1: [.flap]], settings: settings, clock: clock) { fleet in
            let address = fleet.groundTruth().miners[0].address
            var sawOffline = false
            var sawBackOnline = false
            for _ in 0..<20 {  // 200 s: more than two cycles
                let reachable = fleet.groundTruth().miners[0].reachable
                let outcome = try await TestCGMiner.send("version", host: address)
                if reachable {
                    #expect(outcome.bytes != nil)
                    if sawOffline { sawBackOnline = true }
                } else {
                    #expect(outcome == .closed)
                    sawOffline = true
                }
                #expect(fleet.groundTruth().miners[0].power.value > 2500)  // the network flaps, not the power
                clock.advance(by: .seconds(10))
            }
            #expect(sawOffline && sawBackOnline)
        }
    }

    @Test func moveReappearsElsewhereWithTheSameMAC() async throws {
        let clock = ManualClock()
        try await withFleet(8, faults: [1: [.move]], settings: FaultSettings(moveAfter: .seconds(120)), clock: clock) {
            fleet in
            let before = fleet.groundTruth().miners[0]
            #expect(before.address == "127.185.8.1")
            let mac = try await macOverCGI(before.address)
            #expect(mac == before.mac)
            clock.advance(by: .seconds(120))
            let after = fleet.groundTruth().miners[0]
            #expect(after.address != before.address)
            #expect(!fleet.groundTruth().miners.dropFirst().contains { $0.address == after.address })
            #expect(after.mac == before.mac)
            #expect(try await TestCGMiner.send("version", host: before.address) == .closed)
            #expect(try await macOverCGI(after.address) == before.mac)
            #expect(fleet.miner(mac: before.mac)?.address == after.address)
        }
    }

    @Test func explicitMoveRebindsAtOnce() async throws {
        try await withFleet(9, faults: [:], mix: ["vnish": 1]) { fleet in
            let before = fleet.groundTruth().miners[2]
            try await fleet.move(miner: 2, to: "127.185.9.200")
            let after = fleet.groundTruth().miners[2]
            #expect(after.address == "127.185.9.200")
            #expect(after.ports[80] == 80)
            #expect(try await TestCGMiner.send("version", host: before.address) == .refused)
            let info = try await Sim.http(after).response("GET", "/api/v1/info").json
            #expect(info["system"]?["network_status"]?["mac"]?.string == before.mac)
            #expect(info["system"]?["network_status"]?["ip"]?.string == "127.185.9.200")
            await #expect(throws: SimulatorError.self) { try await fleet.move(miner: 1, to: "127.185.9.200") }
            await #expect(throws: SimulatorError.self) { try await fleet.move(miner: 1, to: "10.0.0.1") }
            await #expect(throws: SimulatorError.self) { try await fleet.move(miner: 9, to: "127.185.9.201") }
        }
    }

    private func macOverCGI(_ address: String) async throws -> String? {
        let reply = try await TestHTTP(host: address, port: 80)
            .digestGET("/cgi-bin/get_system_info.cgi", username: "root", password: "root")
        return try reply.json["macaddr"]?.string
    }
}
