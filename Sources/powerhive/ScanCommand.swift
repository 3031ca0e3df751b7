import ArgumentParser
import Drivers
import Foundation
import HiveHost
import HiveProtocols
import Logging

/// `powerhive scan <CIDR|range>...`: one discovery sweep (ports, identification, each miner's
/// identity and status) through the daemon's scanner, printed as a table or one JSON object.
/// Nothing is stored.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find and identify the miners in CIDR blocks or ranges; print a table or JSON.",
        discussion: """
            Targets are CIDR blocks (10.0.0.0/24), ranges (10.0.1.5-10.0.1.80 or 10.0.1.5-80) or \
            addresses; without targets, --config's network.subnets are scanned. Timeouts, concurrency \
            and credentials default to --config's (or the built-in) settings.
            """)

    @Argument(help: "CIDR blocks, ranges or addresses to scan.") var targets: [String] = []
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Connect attempts in flight (default: network.scan_concurrency, 512).") var concurrency: Int?
    @Option(help: "Hosts identified at once (default: network.probe_concurrency, 128).") var probeConcurrency: Int?
    @Option(help: "TCP connect timeout in ms (default: network.light_scan_timeout_ms, 300).") var scanTimeoutMs: Int?
    @Option(help: "Deadline for a host's identification probes in ms (default: network.miner_probe_timeout_ms, 1500).")
    var probeTimeoutMs: Int?
    @Option(help: "Deadline for each miner's identity and status reads in ms.") var readTimeoutMs = 3000
    @Option(help: "Username for the miners' APIs (default: each driver's).") var user: String?
    @Option(help: "Password for the miners' APIs (default: each driver's). Prefer POWERHIVE_MINER_PASSWORD.")
    var password: String?
    @Option(help: "config.json to take network settings and credentials from.") var config: String?

    func validate() throws {
        if let concurrency, !(1...8192).contains(concurrency) {
            throw ValidationError("--concurrency must be 1...8192 (got \(concurrency))")
        }
        if let probeConcurrency, !(1...4096).contains(probeConcurrency) {
            throw ValidationError("--probe-concurrency must be 1...4096 (got \(probeConcurrency))")
        }
        if let scanTimeoutMs, !(10...60_000).contains(scanTimeoutMs) {
            throw ValidationError("--scan-timeout-ms must be 10...60000 (got \(scanTimeoutMs))")
        }
        if let probeTimeoutMs, !(50...120_000).contains(probeTimeoutMs) {
            throw ValidationError("--probe-timeout-ms must be 50...120000 (got \(probeTimeoutMs))")
        }
        guard (50...120_000).contains(readTimeoutMs) else {
            throw ValidationError("--read-timeout-ms must be 50...120000 (got \(readTimeoutMs))")
        }
        guard !targets.isEmpty || config != nil else {
            throw ValidationError("name at least one CIDR block, range or address (or --config with network.subnets)")
        }
    }

    func run() async throws {
        let settings = try loadSettings()
        var network = settings.network
        if let concurrency { network.scanConcurrency = concurrency }
        if let probeConcurrency { network.probeConcurrency = probeConcurrency }
        if let scanTimeoutMs { network.lightScanTimeoutMs = scanTimeoutMs }
        if let probeTimeoutMs { network.minerProbeTimeoutMs = probeTimeoutMs }
        let entries = targets.isEmpty ? network.subnets : targets
        let scanTargets: ScanTargets
        do {
            scanTargets = try ScanTargets(entries, network: network)
        } catch let error as ScanTargetError {
            FileHandle.standardError.write(Data("powerhive: \(error)\n".utf8))
            throw ExitCode(2)
        }
        guard !scanTargets.hosts.isEmpty else {
            FileHandle.standardError.write(Data("powerhive: no addresses to scan in \(entries)\n".utf8))
            throw ExitCode(2)
        }

        let registry = try DriverRegistry.builtIn
        let readTimeout = Duration.milliseconds(readTimeoutMs)
        let client = HTTPClientFactory.makeClient(
            configuration: .init(connectTimeout: .milliseconds(network.minerProbeTimeoutMs)))
        var transport = LiveTransportFactory.Configuration()
        transport.http.deadline = readTimeout
        transport.cgminer.deadline = readTimeout
        transport.cgminer.connectTimeout = .milliseconds(network.minerProbeTimeoutMs)
        let factory = LiveTransportFactory(httpClient: client, configuration: transport)
        var logger = Logger(label: "powerhive")
        logger.logLevel = .error
        let scanner = DiscoveryScanner(
            network: network, registry: registry, credentials: credentials(registry, configured: settings.credentials),
            logger: logger, readTimeout: readTimeout, readsStatus: true, transports: { factory.transports(for: $0) },
            newHostTransports: { factory.transports(for: $0, scope: .port) })

        let result = await scanner.scan(scanTargets.hosts)
        try? await client.shutdown()
        let output = Output(result: result)
        print(json ? output.json.serialized() : output.text)
    }

    /// The `network` section and credentials: from `--config` when given, else the defaults.
    private func loadSettings() throws -> (network: PowerHiveConfig.Network, credentials: [DriverID: Credentials]) {
        let loaded: PowerHiveConfig
        do {
            if let config {
                loaded = try PowerHiveConfig.load(path: config, environment: ProcessInfo.processInfo.environment)
            } else {
                loaded = try PowerHiveConfig.parse(Array("{}".utf8), source: "defaults", environment: [:])
            }
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        return (loaded.network, loaded.credentials)
    }

    /// The configured credentials, overridden for every driver by `--user` / `--password`.
    private func credentials(
        _ registry: DriverRegistry, configured: [DriverID: Credentials]
    ) -> [DriverID: Credentials] {
        let password = password ?? ProcessEnvironment.value("POWERHIVE_MINER_PASSWORD")
        guard user != nil || password != nil else { return configured }
        var credentials = configured
        for driver in registry.drivers {
            let base = configured[driver.id] ?? driver.descriptor.defaultCredentials
            credentials[driver.id] = Credentials(
                username: user ?? base?.username ?? "root", password: password ?? base?.password.value ?? "")
        }
        return credentials
    }
}
