import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Logging
import Testing

/// The balancer end to end (issue 7, "Proof"): the real status poller, plant poller and balancer
/// with the live snapshot provider and executor, against simulated miners and a simulated plant
/// over real sockets (127.197.16.x, firmware ports), on a ManualClock: an 80-minute script —
/// budget −30 %, +20 %, a 5-minute plant outage, recovery — runs in seconds.
/// `powerhive simulate-balance` runs the same scenario with 1000 miners.
@Suite("Balancer end to end", .serialized)
struct BalancerEndToEndTests {
    @Test func fleetFollowsTheBudgetThroughStepsAndAnOutage() async throws {
        let report = try await Self.run(count: 32, range: "127.197.16.0/24", plantHost: "127.197.17.1")
        for check in report.checks {
            #expect(check.passed, "\(check)")
        }
        // The run did something: cuts after the drop, restores after the rise, the fail-safe.
        #expect(report.cycles.contains { $0.phase == "reducing" })
        #expect(report.cycles.contains { $0.phase == "restoring" })
        #expect(report.cycles.contains { $0.phase == "fail_safe" })
        #expect(!report.commands.isEmpty)
    }

    /// Starts the fleet and the plant, runs ``BalanceScenario/Configuration/standard(failSafeLevel:restoreBatchSize:)``
    /// and stops them.
    static func run(count: Int, range: String, plantHost: String) async throws -> BalanceScenarioReport {
        let clock = ManualClock()
        let epoch = 1_763_000_000.0
        let fleetConfiguration = SimulatedFleet.Configuration(
            range: range, count: count, mix: ["antminer-stock": 1, "vnish": 1], seed: 7, placement: .sequential,
            timing: .uniform(.seconds(20)), epoch: epoch)
        return try await SimulatedFleet.withFleet(fleetConfiguration, clock: clock) { fleet in
            let initial = fleet.totalPower
            // The budget starts 1 % above what the fleet draws at stock settings.
            let generation0 = initial.kilowatts * 1.01 / 0.95
            var configuration = BalanceScenario.Configuration.standard(
                failSafeLevel: Watts(initial.value * 0.5), restoreBatchSize: max(10, count / 8),
                deadband: Watts(initial.value * 0.01))
            configuration.balancer.budget = BudgetPolicy(source: .generation, safetyMargin: 0.05)
            let steps = configuration.generationSteps(initial: generation0).map {
                GenerationProfile.Step(at: $0.at, kilowatts: $0.kilowatts)
            }
            let plant = try await SimulatedPlant.start(
                SimulatedPlant.Configuration(
                    host: plantHost, port: 8090, generation: .steps(initial: generation0, steps),
                    outages: configuration.outages.map { .init($0) }),
                clock: clock, epoch: epoch, consumption: { fleet.totalPower })
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-e2e-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let environment = BalanceScenario.Environment(
                miners: fleet.groundTruth().miners.map { miner in
                    DiscoveredMiner(
                        ip: miner.address, driver: miner.personality,
                        identity: MinerIdentity(
                            make: "Bitmain", model: miner.model, mac: miner.mac, serial: miner.serial,
                            hostname: miner.hostname),
                        seenAt: UnixMillis(Int64(epoch * 1000)))
                },
                plantURL: "http://\(plantHost):\(plant.port)/data/latest",
                plantKey: Secret(plant.configuration.apiKey), plantID: plant.configuration.plantID,
                registry: try .builtIn, clock: clock, epoch: UnixMillis(Int64(epoch * 1000)),
                advance: { clock.advance(to: .init(offset: $0)) }, elapsed: { clock.now.offset },
                consumption: { fleet.totalPower }, generation: { .kilowatts(plant.generation(at: clock.now.offset)) },
                commands: { fleet.groundTruth().commands.map { ($0.address, $0.time) } })
            var logger = Logger(label: "test.balance-scenario")
            logger.logLevel = .error
            let scenario = BalanceScenario(
                configuration: configuration, environment: environment,
                databasePath: folder.appendingPathComponent("powerhive.db").path)
            do {
                let report = try await scenario.run(logger: logger)
                await plant.stop()
                return report
            } catch {
                await plant.stop()
                throw error
            }
        }
    }
}
