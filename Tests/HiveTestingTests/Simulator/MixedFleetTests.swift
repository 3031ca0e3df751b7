import Foundation
import HiveProtocols
import HiveTesting
import Testing

@Suite struct MixedFleetTests {
    /// 200 mixed miners with every fault kind: the ground truth matches the configuration and
    /// every miner answers (or fails to) as its faults say.
    @Test func twoHundredMixedMinersWithEveryFaultKind() async throws {
        let faults = Dictionary(uniqueKeysWithValues: FaultKind.allCases.map { ($0, 0.02) })
        let config = Sim.configuration(
            "127.186.0.0/23", count: 200, mix: ["antminer-stock": 60, "vnish": 40], seed: 42, placement: .random,
            faults: faults, faultSettings: FaultSettings(slowDelay: .milliseconds(100)))
        try await SimulatedFleet.withFleet(config, clock: ManualClock()) { fleet in
            let truth = fleet.groundTruth()
            #expect(truth.miners.count == 200)
            #expect(Set(truth.miners.map(\.address)).count == 200)
            #expect(Set(truth.miners.map(\.mac)).count == 200)
            #expect(
                truth.miners.allSatisfy { $0.address.hasPrefix("127.186.0.") || $0.address.hasPrefix("127.186.1.") })
            #expect(truth.miners.filter { $0.personality == "antminer-stock" }.count == 120)
            #expect(truth.miners.filter { $0.personality == "vnish" }.count == 80)
            for kind in FaultKind.allCases {
                #expect(truth.miners.filter { $0.faults.contains(kind) }.count == 4, "\(kind)")
            }
            #expect(truth.miners.filter { $0.faults.count > 1 }.isEmpty)
            #expect(
                truth.miners.filter { $0.faults.contains(.refuse) }.allSatisfy { $0.ports.isEmpty && !$0.reachable })
            #expect(
                truth.miners.filter { !$0.faults.contains(.refuse) }.allSatisfy { $0.ports == [80: 80, 4028: 4028] })
            #expect(truth.commands.isEmpty)
            let nominal = truth.miners.reduce(0.0) { $0 + ($1.personality == "vnish" ? 3250 : 3200) }
            #expect(abs(truth.totalPower.value - nominal) < nominal * 0.05)

            // Ask every miner for its CGMiner version, 32 at a time.
            let outcomes = try await withThrowingTaskGroup(of: (Int, LoopbackClient.Outcome).self) { group in
                var pending = truth.miners[...]
                var results: [Int: LoopbackClient.Outcome] = [:]
                func next() {
                    guard let miner = pending.popFirst() else { return }
                    // A hung miner only has to stay silent for a while; everyone else gets a
                    // deadline generous enough for a loaded CI box (a 5 s one once expired there).
                    let timeout: Duration = miner.faults.contains(.hung) ? .seconds(3) : .seconds(30)
                    group.addTask {
                        (miner.index, try await TestCGMiner.send("version", host: miner.address, timeout: timeout))
                    }
                }
                for _ in 0..<32 { next() }
                while let (index, outcome) = try await group.next() {
                    results[index] = outcome
                    next()
                }
                return results
            }
            for miner in truth.miners {
                let outcome = try #require(outcomes[miner.index])
                switch miner.faults.first {
                case .hung?: #expect(outcome == .timedOut, "miner \(miner.index)")
                case .refuse?: #expect(outcome == .refused, "miner \(miner.index)")
                case .garbage?:
                    let bytes = try #require(outcome.bytes)
                    #expect((try? JSONSerialization.jsonObject(with: Data(bytes.dropLast()))) == nil)
                case .flap? where !miner.reachable: #expect(outcome == .closed, "miner \(miner.index)")
                default:
                    let reply = try #require(try? Sim.json(outcome), "miner \(miner.index) \(miner.faults): \(outcome)")
                    let type = reply["VERSION"]?[0]?["Type"]?.string
                    let expected = miner.personality == "vnish" ? "\(miner.model) (vnish 1.2.6)" : miner.model
                    #expect(type == expected, "miner \(miner.index) \(miner.faults)")
                }
            }
        }
    }

    /// Starting 1000 miners (2000 sockets on 1000 addresses) is quick; the figures are printed.
    @Test func startsAThousandMiners() async throws {
        let config = Sim.configuration(
            "127.187.0.0/22", count: 1000, mix: ["antminer-stock": 1, "vnish": 1], placement: .random)
        let clock = ContinuousClock()
        let started = clock.now
        let fleet = try await SimulatedFleet.start(config, clock: ManualClock())
        let startup = clock.now - started
        let truth = fleet.groundTruth()
        #expect(truth.miners.count == 1000)
        #expect(truth.miners.allSatisfy { $0.ports.count == 2 })
        let sample = truth.miners[999]
        let reply = try await TestCGMiner.send("summary", host: sample.address)
        #expect(try Sim.json(reply)["SUMMARY"] != nil)
        let stopping = clock.now
        await fleet.stop()
        let shutdown = clock.now - stopping
        print("simulator: started 1000 miners (2000 listening sockets) in \(startup), stopped in \(shutdown)")
        #expect(startup < .seconds(60))
    }
}
