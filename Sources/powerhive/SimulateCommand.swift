import ArgumentParser
import Foundation
import HiveProtocols
import HiveTesting
import UnixSignals

/// `powerhive simulate`: serves a simulated fleet (and optionally a plant API) on loopback
/// addresses until SIGINT / SIGTERM, for trying PowerHive, a driver or a dashboard without
/// hardware.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve simulated miners (and a plant API) on loopback addresses until Ctrl-C or SIGTERM.",
        discussion: """
            Every miner listens on its own address of --range on its firmware's ports (80 and 4028: run as \
            root, or pass --ephemeral-ports). Point `powerhive run` or `powerhive probe` at the range.
            """)

    @Option(help: "CIDR block inside 127.0.0.0/8 the miners live in.") var range = "127.77.0.0/22"
    @Option(help: "How many miners.") var count = 100
    @Option(help: "Personalities and weights, e.g. antminer-stock:40,vnish:30.") var mix = "antminer-stock:1,vnish:1"
    @Option(
        help:
            "Shares of faulty miners, e.g. hung:1%,slow:2%,garbage:1% (hung, slow, garbage, refuse, auth, flap, move).")
    var faults: String?
    @Option(
        name: .customLong("fault-at"), help: "Faults at one miner's address, e.g. 127.77.0.9=hung+slow (repeatable).")
    var faultAt: [String] = []
    @Option(help: "Real-time delay added to every reply, e.g. 5-40ms.") var latency: String?
    @Option(help: "Serve a plant API at <host>:<port>, e.g. 127.77.255.1:8090.") var plant: String?
    @Option(help: "Plant generation in kW: constant:5000, walk:3000-3600, ramp:3000-6000:10m or steps:5000,3000@5m.")
    var plantProfile = "constant:5000"
    @Option(help: "The bearer key the plant API accepts.") var plantKey = "simulated-plant-key"
    @Option(help: "The plant_id the plant API answers for.") var plantId = "complexo-paranhos"
    @Option(help: "Seed: the same seed gives the same fleet.") var seed: UInt64 = 1
    @Flag(help: "Bind port 0 on every address instead of the firmware ports (no root needed).") var ephemeralPorts =
        false
    @Flag(help: "Put miners at the range's first addresses instead of random ones.") var sequential = false
    @Option(help: "One delay for every control command, e.g. 5s (each firmware's own timing otherwise).")
    var controlDelay: String?
    @Option(help: "How long a 'slow' miner waits before answering (default 3s).") var slowDelay: String?
    @Option(help: "Relative noise on power and hash rate, e.g. 0.01 for ±1 %.") var noise = 0.01
    @Option(
        name: .customLong("credentials"),
        help:
            "Credentials a personality accepts, e.g. vnish=admin:secret (repeatable; each firmware's default otherwise)."
    )
    var credentials: [String] = []
    @Flag(help: "Print every miner: address, ports, personality, model, MAC, faults.") var list = false
    @Flag(help: "Print one JSON line describing the fleet and every miner.") var json = false

    /// A bad option value: one line naming it, exit 2.
    struct UsageError: Error {
        var message: String
    }

    func run() async throws {
        let fleetConfiguration = try checkedConfiguration()
        // Trap the signals before anything is served, so a signal never kills a half-started fleet.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let fleet: SimulatedFleet
        do {
            fleet = try await SimulatedFleet.start(fleetConfiguration)
        } catch {
            let hint =
                ephemeralPorts
                ? "" : "; binding ports 80 and 4028 needs root or CAP_NET_BIND_SERVICE (or pass --ephemeral-ports)"
            throw CommandFailure("could not start the simulated fleet: \(error)\(hint)")
        }
        emit(json ? [jsonSummary(fleet).serialized()] : textSummary(fleet))
        for await signal in signals {
            if !json { emit(["simulate: \(signal) received, stopping"]) }
            break
        }
        await fleet.stop()
        if !json { emit(["simulate: stopped"]) }
    }

    /// The configuration, or one line on stderr naming the bad value and exit code 2.
    private func checkedConfiguration() throws -> SimulatedFleet.Configuration {
        let result = Result { () throws(UsageError) in try makeConfiguration() }
        switch result {
        case .success(let configuration):
            return configuration
        case .failure(let error):
            FileHandle.standardError.write(Data("powerhive simulate: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Writes lines to stdout at once, unbuffered (stdout is a pipe for scripts and tests).
    private func emit(_ lines: [String]) {
        FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// The fleet configuration the options describe.
    func makeConfiguration() throws(UsageError) -> SimulatedFleet.Configuration {
        func parsed<T>(_ option: String, _ body: () throws(SimulatorError) -> T) throws(UsageError) -> T {
            do {
                return try body()
            } catch {
                throw UsageError(message: option.isEmpty ? error.message : "\(option): \(error.message)")
            }
        }
        var configuration = SimulatedFleet.Configuration(
            range: range, count: count,
            mix: try parsed("--mix") { () throws(SimulatorError) in
                try SimulatedFleet.Configuration.parse(mix: mix)
            }, seed: seed, noise: noise)
        if let faults {
            configuration.faults = try parsed("--faults") { () throws(SimulatorError) in
                try SimulatedFleet.Configuration.parse(faults: faults)
            }
        }
        for entry in faultAt {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw UsageError(message: "--fault-at '\(entry)' is not <address>=<fault>") }
            for name in parts[1].split(separator: "+") {
                guard let kind = FaultKind(rawValue: name.lowercased()) else {
                    let known = FaultKind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw UsageError(message: "--fault-at: unknown fault '\(name)' in '\(entry)' (known: \(known))")
                }
                configuration.faultsByAddress[parts[0], default: []].insert(kind)
            }
        }
        if let latency {
            configuration.latency = try parsed("--latency") { () throws(SimulatorError) in
                try SimulatedFleet.Configuration.parse(latency: latency)
            }
        }
        if let controlDelay {
            let delay = try parsed("--control-delay") { () throws(SimulatorError) in
                try SimulatedFleet.Configuration.parse(duration: controlDelay)
            }
            configuration.timing = ControlTiming.uniform(delay)
        }
        if let slowDelay {
            configuration.faultSettings.slowDelay = try parsed("--slow-delay") { () throws(SimulatorError) in
                try SimulatedFleet.Configuration.parse(duration: slowDelay)
            }
        }
        for entry in credentials {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let login = parts.count == 2 ? parts[1].split(separator: ":", maxSplits: 1).map(String.init) : []
            guard login.count == 2, !login[0].isEmpty else {
                throw UsageError(message: "--credentials for '\(parts[0])' is not <personality>=<user>:<password>")
            }
            configuration.credentials[DriverID(parts[0])] = Credentials(username: login[0], password: login[1])
        }
        configuration.ports = ephemeralPorts ? SimulatedFleet.Configuration.Ports.ephemeral : .firmware
        configuration.placement = sequential ? SimulatedFleet.Configuration.Placement.sequential : .random
        if let plant { configuration.plant = try plantConfiguration(plant) }
        let checked = configuration
        try parsed("") { () throws(SimulatorError) in try checked.validate() }
        return configuration
    }

    private func plantConfiguration(_ address: String) throws(UsageError) -> SimulatedPlant.Configuration {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, parts[0].hasPrefix("127."), let port = Int(parts[1]), (0...65535).contains(port) else {
            throw UsageError(message: "--plant '\(address)' is not <loopback address>:<port>, e.g. 127.77.255.1:8090")
        }
        let generation: GenerationProfile
        do {
            generation = try GenerationProfile.parse(plantProfile, seed: seed)
        } catch { throw UsageError(message: "--plant-profile: \(error.message)") }
        return SimulatedPlant.Configuration(
            host: parts[0], port: ephemeralPorts ? 0 : port, plantID: plantId, apiKey: plantKey,
            generation: generation)
    }
}

extension SimulateCommand {
    /// The summary: one line for the fleet, one per personality and fault, the plant, and
    /// with `--list` every miner.
    func textSummary(_ fleet: SimulatedFleet) -> [String] {
        let truth = fleet.groundTruth()
        let configuration = fleet.configuration
        var lines = [
            "simulate: \(truth.miners.count) miners on \(configuration.range) (seed \(configuration.seed), "
                + "\(configuration.ports == .firmware ? "firmware ports" : "ephemeral ports"), "
                + "\(configuration.placement == .random ? "random" : "sequential") placement"
                + "\(latency.map { ", latency \($0)" } ?? ""))"
        ]
        for (personality, miners) in Dictionary(grouping: truth.miners, by: \.personality).sorted(by: {
            $0.key < $1.key
        }) {
            let models = Dictionary(grouping: miners, by: \.model).map { ($0.key, $0.value.count) }
                .sorted { $0.0 < $1.0 }.map { "\($0.0) ×\($0.1)" }
            lines.append("  \(personality): \(miners.count) miners (\(models.joined(separator: ", ")))")
        }
        for kind in FaultKind.allCases {
            let faulty = truth.miners.filter { $0.faults.contains(kind) }
            guard !faulty.isEmpty else { continue }
            lines.append("  fault \(kind): \(faulty.count) miners")
        }
        if let plant = fleet.plant {
            lines.append(
                "  plant API: \(plantURL(plant)) (bearer key \(plant.configuration.apiKey), generation \(plantProfile))"
            )
        }
        if list { lines += truth.miners.map(minerLine) }
        lines.append("simulate: ready, fleet draws \(truth.totalPower); Ctrl-C or SIGTERM stops it")
        return lines
    }

    /// The whole fleet as one JSON object.
    func jsonSummary(_ fleet: SimulatedFleet) -> JSONValue {
        let truth = fleet.groundTruth()
        let configuration = fleet.configuration
        var personalities: [String: Int] = [:]
        for miner in truth.miners { personalities[miner.personality.rawValue, default: 0] += 1 }
        var faults: [String: Int] = [:]
        for miner in truth.miners { for kind in miner.faults { faults[kind.rawValue, default: 0] += 1 } }
        let miners: [JSONValue] = truth.miners.map { miner in
            var ports: [String: JSONValue] = [:]
            for (firmware, bound) in miner.ports { ports[String(firmware)] = .number(Double(bound)) }
            return [
                "ip": .string(miner.address), "ports": .object(ports),
                "personality": .string(miner.personality.rawValue),
                "model": .string(miner.model), "mac": .string(miner.mac), "serial": .string(miner.serial),
                "hostname": .string(miner.hostname),
                "faults": .array(miner.faults.map(\.rawValue).sorted().map { .string($0) }),
            ]
        }
        let plant: JSONValue =
            fleet.plant.map { plant in
                [
                    "url": .string(plantURL(plant)), "host": .string(plant.configuration.host),
                    "port": .number(Double(plant.port)), "plant_id": .string(plant.configuration.plantID),
                    "api_key": .string(plant.configuration.apiKey),
                ]
            } ?? .null
        return [
            "range": .string(configuration.range), "count": .number(Double(truth.miners.count)),
            "seed": .number(Double(configuration.seed)),
            "ports": .string(configuration.ports == .firmware ? "firmware" : "ephemeral"),
            "personalities": .object(personalities.mapValues { .number(Double($0)) }),
            "faults": .object(faults.mapValues { .number(Double($0)) }), "plant": plant,
            "power_w": .number(truth.totalPower.value), "miners": .array(miners),
        ]
    }

    private func plantURL(_ plant: SimulatedPlant) -> String {
        "http://\(plant.configuration.host):\(plant.port)\(plant.configuration.path)?plant_id=\(plant.configuration.plantID)"
    }

    private func minerLine(_ miner: MinerTruth) -> String {
        let ports = miner.ports.keys.sorted().map { port in
            miner.ports[port] == port ? "\(port)" : "\(port)→\(miner.ports[port] ?? 0)"
        }
        let faults = miner.faults.map(\.rawValue).sorted().joined(separator: ",")
        return "  \(miner.address) \(ports.isEmpty ? "closed" : ports.joined(separator: ",")) \(miner.personality) "
            + "\"\(miner.model)\" \(miner.mac)\(faults.isEmpty ? "" : " fault=\(faults)")"
    }
}
