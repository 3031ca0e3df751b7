import Foundation
import HiveProtocols
import HiveTesting

extension BenchDiscoveryCommand {
    /// The simulated fleet as the benchmark judges it: every miner, where it is and what it is.
    typealias Roster = [BenchPollCommand.RosterEntry]

    var fleetConfiguration: SimulatedFleet.Configuration {
        SimulatedFleet.Configuration(
            range: range, count: count, mix: ["antminer-stock": 1, "vnish": 1],
            faults: [.hung: hung, .refuse: refuse].filter { $0.value > 0 },
            latency: .milliseconds(latencyMin)...(.milliseconds(latencyMax)), seed: seed)
    }

    static func roster(of fleet: SimulatedFleet) -> Roster {
        fleet.groundTruth().miners.map { miner in
            BenchPollCommand.RosterEntry(
                ip: miner.address, driver: miner.personality, model: miner.model, mac: miner.mac,
                healthy: miner.faults.isDisjoint(with: [.hung, .refuse]))
        }
    }

    func startFleet() async throws -> SimulatedFleet {
        do {
            return try await SimulatedFleet.start(fleetConfiguration)
        } catch {
            throw CommandFailure("could not start the simulated fleet (\(error)); it binds ports 80 and 4028")
        }
    }

    /// `--simulator-only`: serves the fleet for a parent benchmark (``BenchSimulatorChild``).
    func runSimulatorOnly() async throws {
        let fleet = try await startFleet()
        await BenchSimulatorChild.serve(fleet, roster: Self.roster(of: fleet))
    }

    /// Starts this executable as `bench discovery --simulator-only` with the same fleet options.
    func spawnSimulator() async throws -> BenchSimulatorChild {
        try await BenchSimulatorChild.spawn(arguments: [
            "bench", "discovery", "--simulator-only", "--count", "\(count)", "--range", range, "--seed", "\(seed)",
            "--hung", "\(hung)", "--refuse", "\(refuse)", "--latency-min", "\(latencyMin)",
            "--latency-max", "\(latencyMax)",
        ])
    }
}
