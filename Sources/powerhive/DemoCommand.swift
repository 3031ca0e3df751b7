import ArgumentParser
import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting

/// `powerhive demo`: the embedded default — a simulated mixed fleet and plant on loopback, and
/// the daemon managing them with a database under `./data/demo/`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run PowerHive against a simulated mixed fleet and plant on loopback addresses.")

    @Option(help: "How many simulated miners.") var count = 200
    @Option(help: "Loopback range for the miners.") var range = "127.77.0.0/23"
    @Option(help: "Folder for the demo database.") var data = "./data/demo"
    @Option(help: "Seed for the fleet's randomness.") var seed: UInt64 = 7

    func validate() throws {
        guard (1...5000).contains(count) else { throw ValidationError("--count must be 1...5000 (got \(count))") }
        guard range.hasPrefix("127.") else {
            throw ValidationError("--range must be inside 127.0.0.0/8 (got \(range))")
        }
    }

    func run() async throws {
        let plantHost = "127.77.255.1"
        let fleetConfiguration = SimulatedFleet.Configuration(
            range: range, count: count, mix: ["antminer-stock": 55, "vnish": 45],
            faults: [.hung: 0.01, .slow: 0.01, .garbage: 0.01, .refuse: 0.01],
            latency: .milliseconds(5)...(.milliseconds(40)),
            seed: seed,
            plant: SimulatedPlant.Configuration(
                host: plantHost, port: 8090,
                generation: .randomWalk(
                    start: Double(count) * 3.0, range: Double(count) * 2.0...Double(count) * 3.6,
                    step: Double(count) * 0.05,
                    interval: .seconds(60), seed: seed)))
        do { try fleetConfiguration.validate() } catch { throw CommandFailure("\(error)") }
        let json: JSONValue = [
            "network": ["subnets": [.string(range)], "passive_discovery": false],
            "intervals": ["discovery_seconds": 30, "status_seconds": 15, "telemetry_seconds": 300],
            "polling": ["status_deadline_seconds": 10],
            "plant": [
                "api_endpoint": .string("http://\(plantHost):8090/data/latest"), "api_key": "simulated-plant-key",
                "plant_id": "complexo-paranhos",
            ],
            // The simulated miners are the balancer's to steer: the demo shows it following the
            // plant's moving generation (Energy page, /api/v1/balancer).
            "balancer": ["enabled": true, "mode": "active"],
            "database": ["path": .string(data + "/powerhive.db")],
            "http": ["addr": "127.0.0.1:8080"], "auth": ["mode": "none"],
        ]
        let config: PowerHiveConfig
        do {
            config = try PowerHiveConfig.parse(Array(json.serialized().utf8), source: "demo", environment: [:])
        } catch { throw CommandFailure("demo configuration: \(error)") }
        let logger = LogSetup.logger(config: config)

        let fleet: SimulatedFleet
        do {
            fleet = try await SimulatedFleet.start(fleetConfiguration)
        } catch {
            throw CommandFailure(
                "could not start the simulated fleet (\(error)); it binds ports 80 and 4028 on \(range): run as root "
                    + "or grant CAP_NET_BIND_SERVICE")
        }
        let truth = fleet.groundTruth()
        print(
            "demo: \(truth.miners.count) simulated miners on \(range) (antminer-stock and vnish, a few faulty), "
                + "plant API at http://\(plantHost):8090/data/latest, database \(config.database.path)")
        print(
            "demo: dashboard at http://\(config.http.addr)/ (no login: auth.mode \"none\" on loopback); "
                + "watch the log for 'discovery completed', 'status poll completed' and 'balancer cycle completed'; "
                + "Ctrl-C stops everything")
        do {
            let daemon = try await PowerHiveDaemon.build(
                config: config, registry: try DriverRegistry.builtIn, logger: logger)
            try await daemon.run()
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
        print("demo: stopped")
    }
}
