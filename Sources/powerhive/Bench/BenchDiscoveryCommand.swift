import ArgumentParser
import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Logging

/// `powerhive bench discovery`: full discovery cycles, with the daemon's scanner and defaults,
/// against a simulated mixed fleet; prints wall time, when the port sweep ended, hosts,
/// identifications by driver, misses against the ground truth, and CPU seconds.
///
/// The fleet runs in a child process (`--simulator-only`) by default, so this process's CPU is
/// the scanner's alone and the two do not share one process's threads; they still share the
/// machine's cores. `--in-process` runs both here.
///
/// Cycles after the first re-check the miners found so far directly, as the daemon's later
/// cycles do. `--load-tasks` keeps that many tasks busy on the CPU during every cycle (a
/// stress variant: a busy or slow box).
struct BenchDiscoveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discovery",
        abstract: "Run discovery against a simulated fleet; print wall time, identifications, misses and CPU.")

    @Option(help: "Simulated miners.") var count = 1000
    @Option(help: "Loopback CIDR block for the miners (inside 127.0.0.0/8).") var range = "127.71.0.0/22"
    @Option(help: "Least reply latency in ms.") var latencyMin = 5
    @Option(help: "Most reply latency in ms.") var latencyMax = 40
    @Option(help: "Fraction of miners that hang (accept, never answer).") var hung = 0.01
    @Option(help: "Fraction of miners whose ports are closed.") var refuse = 0.01
    @Option(help: "Seed of the simulated fleet.") var seed: UInt64 = 1
    @Option(help: "Discovery cycles; later ones re-check the miners found before.") var cycles = 1
    @Option(help: "Connect attempts in flight (default: network.scan_concurrency).") var scanConcurrency: Int?
    @Option(help: "Hosts identified at once (default: network.probe_concurrency).") var probeConcurrency: Int?
    @Option(help: "Connect timeout in ms (default: network.light_scan_timeout_ms).") var lightTimeoutMs: Int?
    @Option(help: "Probe deadline in ms (default: network.miner_probe_timeout_ms).") var probeTimeoutMs: Int?
    @Option(help: "Second identification attempt's probe deadline in ms (default: half the probe deadline).")
    var retryProbeTimeoutMs: Int?
    @Option(help: "Permits for sweep hosts' requests: port (one in flight per port) or miner (one per miner).")
    var newHostScope = "port"
    @Option(help: "Tasks kept busy on the CPU during each cycle (stress).") var loadTasks = 0
    @Option(help: "Misses listed per cycle.") var examples = 5
    @Flag(help: "Run the simulated fleet in this process instead of a child process.") var inProcess = false
    @Flag(help: "Only run the simulated fleet (prints its roster, serves until stdin closes).") var simulatorOnly =
        false

    func validate() throws {
        guard (1...16_000).contains(count) else { throw ValidationError("--count must be 1...16000 (got \(count))") }
        guard range.hasPrefix("127.") else { throw ValidationError("--range must be inside 127.0.0.0/8") }
        guard (0...1).contains(hung), (0...1).contains(refuse) else {
            throw ValidationError("--hung and --refuse must be fractions 0...1")
        }
        guard latencyMin >= 0, latencyMax >= latencyMin else {
            throw ValidationError("--latency-min/--latency-max must satisfy 0 <= min <= max")
        }
        guard ["port", "miner"].contains(newHostScope) else {
            throw ValidationError("--new-host-scope must be port or miner (got \(newHostScope))")
        }
        guard cycles >= 1, loadTasks >= 0, examples >= 0 else {
            throw ValidationError("--cycles must be at least 1; --load-tasks and --examples at least 0")
        }
    }

    func run() async throws {
        do { try fleetConfiguration.validate() } catch { throw ValidationError("\(error)") }
        if simulatorOnly { return try await runSimulatorOnly() }
        let network = try networkSettings()
        var fleet: SimulatedFleet?
        var child: BenchSimulatorChild?
        let roster: Roster
        if inProcess {
            let started = try await startFleet()
            fleet = started
            roster = Self.roster(of: started)
        } else {
            let spawned = try await spawnSimulator()
            child = spawned
            roster = spawned.roster
        }
        print(
            "fleet: \(roster.count) miners on \(range) (\(roster.filter(\.healthy).count) healthy), latency "
                + "\(latencyMin)–\(latencyMax) ms, hung \(hung), refuse \(refuse), seed \(seed), "
                + (inProcess ? "in this process" : "in a child process"))
        print(
            "scanner: connect timeout \(network.lightScanTimeoutMs) ms, \(network.scanConcurrency) connects, "
                + "probe deadline \(network.minerProbeTimeoutMs) ms, \(network.probeConcurrency) hosts at once, "
                + "second-attempt probe deadline \(retryProbeTimeoutMs.map { "\($0) ms" } ?? "half"), "
                + "sweep hosts' permits per \(newHostScope)"
                + (loadTasks > 0 ? ", \(loadTasks) busy task(s)" : ""))

        let httpClient = HTTPClientFactory.makeClient(
            configuration: .init(connectTimeout: .milliseconds(network.minerProbeTimeoutMs)))
        let factory = LiveTransportFactory(httpClient: httpClient)
        let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let registry = try DriverRegistry.builtIn
        let scope: MinerRequestGate.Scope = newHostScope == "miner" ? .miner : .port
        let daemonLike = DiscoveryScanner(
            network: network, registry: registry, logger: quiet, transports: { factory.transports(for: $0) },
            newHostTransports: { factory.transports(for: $0, scope: scope) })
        var identification = daemonLike.identifier.configuration
        if let retryProbeTimeoutMs { identification.retryProbeTimeout = .milliseconds(retryProbeTimeoutMs) }
        let scanner = DiscoveryScanner(
            portScanner: daemonLike.portScanner,
            identifier: Identifier(
                registry: registry, configuration: identification, logger: quiet,
                transports: { factory.transports(for: $0) },
                newHostTransports: { factory.transports(for: $0, scope: scope) }))
        let targets = try ScanTargets(network: network)
        var known: [String] = []
        var perfect = true
        for cycle in 1...cycles {
            let cpu = (Self.cpuSeconds(), child?.cpuSeconds ?? 0)
            let result = await withLoad(loadTasks) { await scanner.scan(targets.hosts, recheck: known) }
            let used = (Self.cpuSeconds() - cpu.0, (child?.cpuSeconds ?? 0) - cpu.1)
            let verdict = Verdict(result, roster: roster)
            perfect = perfect && verdict.misses.isEmpty
            print(report(cycle: cycle, result: result, verdict: verdict, cpu: used, rechecked: known.count))
            known = Array(Set(known + result.miners.map(\.ip))).sorted {
                (IPv4Address($0)?.rawValue ?? 0) < (IPv4Address($1)?.rawValue ?? 0)
            }
        }
        try? await httpClient.shutdown()
        await fleet?.stop()
        child?.stop()
        print(perfect ? "every healthy miner identified correctly in every cycle" : "MISSES: see above")
    }

    /// The daemon's `network` defaults, with this command's overrides.
    private func networkSettings() throws -> PowerHiveConfig.Network {
        var network: [String: JSONValue] = ["subnets": [.string(range)], "passive_discovery": false]
        if let scanConcurrency { network["scan_concurrency"] = .number(Double(scanConcurrency)) }
        if let probeConcurrency { network["probe_concurrency"] = .number(Double(probeConcurrency)) }
        if let lightTimeoutMs { network["light_scan_timeout_ms"] = .number(Double(lightTimeoutMs)) }
        if let probeTimeoutMs { network["miner_probe_timeout_ms"] = .number(Double(probeTimeoutMs)) }
        let json = JSONValue.object(["network": .object(network)])
        do {
            return try PowerHiveConfig.parse(Array(json.serialized().utf8), source: "bench", environment: [:]).network
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func report(
        cycle: Int, result: DiscoveryResult, verdict: Verdict, cpu: (scanner: Double, child: Double), rechecked: Int
    ) -> String {
        let drivers = result.countsByDriver.map { "\($0.driver) \($0.count)" }.joined(separator: ", ")
        let cpuText =
            inProcess
            ? "CPU \(String(format: "%.2f", cpu.scanner)) s (fleet and scanner)"
            : "CPU \(String(format: "%.2f", cpu.scanner)) s scanner + \(String(format: "%.2f", cpu.child)) s fleet"
        var lines = [
            "cycle \(cycle)/\(cycles): wall \(String(format: "%.2f", result.elapsed.seconds)) s (sweep ended at "
                + "\(String(format: "%.2f", result.sweepElapsed.seconds)) s), \(cpuText), "
                + "\(result.hostsScanned) hosts scanned (\(rechecked) re-checked directly), \(result.openHosts) open, "
                + "ports retried on \(result.retriedHosts) (found \(result.foundOnRetry)), "
                + "second identification attempts \(result.secondAttempts)",
            "  identified \(result.miners.count) (\(drivers)), unidentified \(result.unidentified.count); "
                + "healthy miners correct \(verdict.correct)/\(verdict.healthy), misses \(verdict.misses.count)",
        ]
        for miss in verdict.misses.prefix(examples) { lines.append("  miss \(miss)") }
        return lines.joined(separator: "\n")
    }

    /// CPU seconds (user and system, all threads) this process has used so far.
    private static func cpuSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Runs `body` while `tasks` child tasks keep the CPU busy.
    private func withLoad<T: Sendable>(_ tasks: Int, _ body: () async -> T) async -> T {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    while !Task.isCancelled {
                        let until = ContinuousClock.now.advanced(by: .milliseconds(20))
                        while ContinuousClock.now < until {}
                        await Task.yield()
                    }
                }
            }
            let value = await body()
            group.cancelAll()
            return value
        }
    }
}

/// How a discovery result compares with the fleet's ground truth.
private struct Verdict {
    var healthy = 0
    var correct = 0
    var misses: [String] = []

    init(_ result: DiscoveryResult, roster: BenchDiscoveryCommand.Roster) {
        let identified = Dictionary(result.miners.map { ($0.ip, $0) }, uniquingKeysWith: { first, _ in first })
        let unidentified = Dictionary(result.unidentified.map { ($0.ip, $0) }, uniquingKeysWith: { first, _ in first })
        for miner in roster where miner.healthy {
            healthy += 1
            guard let found = identified[miner.ip] else {
                let why = unidentified[miner.ip].map { "unidentified: \($0.reason)" } ?? "not found (no answer)"
                misses.append("\(miner.ip) \(miner.driver): \(why)")
                continue
            }
            var wrong: [String] = []
            if found.driver != miner.driver { wrong.append("driver \(found.driver)") }
            if found.identity.mac != miner.mac { wrong.append("MAC \(found.identity.mac ?? "none") (is \(miner.mac))") }
            if found.identity.model != miner.model {
                wrong.append("model \(found.identity.model ?? "none") (is \(miner.model))")
            }
            if let error = found.identityError { wrong.append("identity() failed: \(error)") }
            if wrong.isEmpty {
                correct += 1
            } else {
                misses.append("\(miner.ip) \(miner.driver): wrong " + wrong.joined(separator: ", "))
            }
        }
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
