import Foundation
import HiveProtocols
import HiveTesting

extension BenchPollCommand {
    /// One simulated miner as the poller needs to know it: where it is, which driver speaks to
    /// it, and whether it is healthy (no fault), for the "slowest healthy miner" figure.
    struct RosterEntry: Sendable, Hashable {
        var ip: String
        var driver: DriverID
        var model: String
        var mac: String
        var healthy: Bool

        /// `miner <ip> <driver> <model> <mac> <healthy|faulty>`; model spaces become `_`.
        var line: String {
            "miner \(ip) \(driver) \(model.replacingOccurrences(of: " ", with: "_")) \(mac) "
                + (healthy ? "healthy" : "faulty")
        }

        init(ip: String, driver: DriverID, model: String, mac: String, healthy: Bool) {
            self.ip = ip
            self.driver = driver
            self.model = model
            self.mac = mac
            self.healthy = healthy
        }

        init?(line: Substring) {
            let fields = line.split(separator: " ")
            guard fields.count == 6, fields[0] == "miner" else { return nil }
            self.init(
                ip: String(fields[1]), driver: DriverID(rawValue: String(fields[2])),
                model: fields[3].replacingOccurrences(of: "_", with: " "), mac: String(fields[4]),
                healthy: fields[5] == "healthy")
        }
    }

    var fleetConfiguration: SimulatedFleet.Configuration {
        SimulatedFleet.Configuration(
            range: range, count: count, mix: ["antminer-stock": 55, "vnish": 45],
            faults: hung > 0 ? [.hung: hung] : [:],
            latency: .milliseconds(latencyMin)...(.milliseconds(latencyMax)), seed: seed)
    }

    static func roster(of fleet: SimulatedFleet) -> [RosterEntry] {
        fleet.groundTruth().miners.map { miner in
            RosterEntry(
                ip: miner.address, driver: miner.personality, model: miner.model, mac: miner.mac,
                healthy: miner.faults.isEmpty)
        }
    }

    /// `--simulator-only`: serves the fleet for a parent benchmark (``BenchSimulatorChild``).
    func runSimulatorOnly() async throws {
        let fleet = try await startFleet()
        await BenchSimulatorChild.serve(fleet, roster: Self.roster(of: fleet))
    }

    func startFleet() async throws -> SimulatedFleet {
        do {
            return try await SimulatedFleet.start(fleetConfiguration)
        } catch {
            throw CommandFailure(
                "could not start the simulated fleet on \(range) (\(error)); it binds ports 80 and 4028: run as root "
                    + "or grant CAP_NET_BIND_SERVICE")
        }
    }

    /// Starts this executable as `bench poll --simulator-only` with the same fleet options.
    func spawnSimulator() async throws -> BenchSimulatorChild {
        try await BenchSimulatorChild.spawn(arguments: [
            "bench", "poll", "--simulator-only", "--count", "\(count)", "--range", range, "--seed", "\(seed)",
            "--hung", "\(hung)", "--latency-min", "\(latencyMin)", "--latency-max", "\(latencyMax)",
        ])
    }
}
