import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Logging

/// Starts the simulated fleet and plant for ``SimulateBalanceCommand``, runs the standard
/// ``BalanceScenario`` against them and stops them.
struct BalanceSimulation {
    var count: Int
    var range: String
    var plantHost: String
    var seed: UInt64
    var databasePath: String

    /// Unix time of the simulation's start (fixed, so runs are comparable).
    static let epoch = 1_763_000_000.0

    func run() async throws -> BalanceScenarioReport {
        let clock = ManualClock()
        let epoch = Self.epoch
        let fleetConfiguration = SimulatedFleet.Configuration(
            range: range, count: count, mix: ["antminer-stock": 1, "vnish": 1], seed: seed, placement: .sequential,
            timing: .uniform(.seconds(20)), epoch: epoch)
        let fleet: SimulatedFleet
        do {
            fleet = try await SimulatedFleet.start(fleetConfiguration, clock: clock)
        } catch {
            throw CommandFailure(
                "could not start the simulated fleet on \(range) (\(error)); it binds ports 80 and 4028: run as root")
        }
        let initial = fleet.totalPower
        // The budget starts 1 % above what the fleet draws at stock settings; the fail-safe
        // holds half of that.
        let generation0 = initial.kilowatts * 1.01 / 0.95
        let configuration = BalanceScenario.Configuration.standard(
            failSafeLevel: Watts(initial.value * 0.5), restoreBatchSize: max(10, count / 8),
            deadband: Watts(initial.value * 0.01))
        let steps = configuration.generationSteps(initial: generation0).map {
            GenerationProfile.Step(at: $0.at, kilowatts: $0.kilowatts)
        }
        let plant: SimulatedPlant
        do {
            plant = try await SimulatedPlant.start(
                SimulatedPlant.Configuration(
                    host: plantHost, port: 8090, generation: .steps(initial: generation0, steps),
                    outages: configuration.outages.map { .init($0) }),
                clock: clock, epoch: epoch, consumption: { fleet.totalPower })
        } catch {
            await fleet.stop()
            throw CommandFailure("could not start the simulated plant on \(plantHost):8090 (\(error))")
        }
        let start = UnixMillis(Int64(epoch * 1000))
        let environment = BalanceScenario.Environment(
            miners: fleet.groundTruth().miners.map { miner in
                DiscoveredMiner(
                    ip: miner.address, driver: miner.personality,
                    identity: MinerIdentity(
                        make: "Bitmain", model: miner.model, mac: miner.mac, serial: miner.serial,
                        hostname: miner.hostname),
                    seenAt: start)
            },
            plantURL: "http://\(plantHost):\(plant.port)/data/latest", plantKey: Secret(plant.configuration.apiKey),
            plantID: plant.configuration.plantID, registry: try .builtIn, clock: clock, epoch: start,
            advance: { clock.advance(to: .init(offset: $0)) }, elapsed: { clock.now.offset },
            consumption: { fleet.totalPower }, generation: { .kilowatts(plant.generation(at: clock.now.offset)) },
            commands: { fleet.groundTruth().commands.map { ($0.address, $0.time) } })
        var logger = Logger(label: "powerhive.simulate-balance")
        logger.logLevel = .error
        let scenario = BalanceScenario(
            configuration: configuration, environment: environment, databasePath: databasePath)
        do {
            let report = try await scenario.run(logger: logger)
            await plant.stop()
            await fleet.stop()
            return report
        } catch {
            await plant.stop()
            await fleet.stop()
            throw error
        }
    }
}
