import ArgumentParser
import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Logging

/// `powerhive bench poll`: the real status and telemetry pollers, through the live transports
/// and the real SQLite writer, against a simulated fleet on loopback; prints per-cycle figures
/// beside issue #6's budgets.
///
/// By default the simulator runs in a child process (`bench poll --simulator-only`), so this
/// process's memory and CPU are the poller's alone; `--in-process` runs both here and reports
/// the simulator's share as a baseline taken before polling.
struct BenchPollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Poll a simulated fleet with the real pollers; print cycle time, outcomes, CPU and memory.")

    @Option(help: "Simulated miners.") var count = 1000
    @Option(help: "Loopback range for the miners (inside 127.0.0.0/8).") var range = "127.72.0.0/19"
    @Option(help: "Fraction of miners that hang (accept, never answer).") var hung = 0.01
    @Option(help: "Least reply latency in ms.") var latencyMin = 5
    @Option(help: "Most reply latency in ms.") var latencyMax = 40
    @Option(help: "Seed of the simulated fleet.") var seed: UInt64 = 1
    @Option(help: "Status cycles to run.") var cycles = 3
    @Option(help: "Telemetry cycles to run.") var telemetryCycles = 1
    @Option(help: "Per-miner status deadline in seconds (the daemon's default is 10).") var deadline = 10.0
    @Option(help: "Per-miner telemetry deadline in seconds.") var telemetryDeadline = 60.0
    @Option(help: "Status polls in flight at once.") var concurrency = 256
    @Option(help: "Telemetry polls in flight at once.") var telemetryConcurrency = 64
    @Flag(help: "Run the simulator in this process instead of a child process.") var inProcess = false
    @Flag(help: "Only run the simulated fleet (prints its roster, serves until stdin closes).") var simulatorOnly =
        false

    func validate() throws {
        guard (1...8000).contains(count) else { throw ValidationError("--count must be 1...8000 (got \(count))") }
        guard range.hasPrefix("127.") else { throw ValidationError("--range must be inside 127.0.0.0/8") }
        guard (0...1).contains(hung) else { throw ValidationError("--hung must be a fraction 0...1") }
        guard latencyMin >= 0, latencyMax >= latencyMin else {
            throw ValidationError("--latency-min/--latency-max must satisfy 0 <= min <= max")
        }
        guard cycles >= 1, telemetryCycles >= 0 else { throw ValidationError("--cycles must be at least 1") }
        guard deadline > 0, telemetryDeadline > 0, concurrency > 0, telemetryConcurrency > 0 else {
            throw ValidationError("deadlines and concurrency must be positive")
        }
    }

    func run() async throws {
        if simulatorOnly { return try await runSimulatorOnly() }
        var figures = Figures(count: count)
        let roster: [RosterEntry]
        var child: BenchSimulatorChild?
        var fleet: SimulatedFleet?
        if inProcess {
            let started = try await startFleet()
            fleet = started
            roster = Self.roster(of: started)
            figures.simulatorBaseline = ProcessUsage()
            print("simulator (in this process): \(roster.count) miners, \(figures.simulatorBaseline.summary)")
        } else {
            let spawned = try await spawnSimulator()
            child = spawned
            roster = spawned.roster
            print("simulator (child process): \(roster.count) miners, \(spawned.readyUsage.summary)")
        }
        let faulty = roster.filter { !$0.healthy }.count
        print(
            "fleet: \(roster.count) miners on \(range), \(faulty) faulty (hung), latency \(latencyMin)–\(latencyMax) ms; "
                + "status deadline \(deadline) s, concurrency \(concurrency)")
        do {
            try await poll(roster, figures: &figures)
        } catch {
            child?.stop()
            await fleet?.stop()
            throw error
        }
        if let child { figures.simulatorChild = child.usage }
        child?.stop()
        await fleet?.stop()
        print(figures.summary(inProcess: inProcess))
    }

    private func poll(_ roster: [RosterEntry], figures: inout Figures) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-bench-poll-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteFleetStore(configuration: .init(path: folder.appendingPathComponent("bench.db").path))
        defer { try? store.close() }
        let seen = UnixMillis(Date())
        _ = try await store.upsert(
            discovered: roster.map {
                DiscoveredMiner(
                    ip: $0.ip, driver: $0.driver, identity: MinerIdentity(model: $0.model, mac: $0.mac), seenAt: seen)
            })
        let healthy = Set(roster.filter(\.healthy).map(\.ip))
        let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

        let httpClient = HTTPClientFactory.makeClient(configuration: .init(connectTimeout: .milliseconds(1500)))
        let factory = LiveTransportFactory(httpClient: httpClient)
        let spans = RequestSpans()
        let sessions = MinerSessionPool(
            registry: try DriverRegistry.builtIn,
            transports: { host in
                let live = factory.transports(for: host)
                return (
                    http: TimedHTTP(host: host, base: live.http, spans: spans),
                    cgminer: TimedCGMiner(host: host, base: live.cgminer, spans: spans)
                )
            },
            credentialStore: StoredCredentials(store: store, now: { UnixMillis(Date()) }), store: store,
            logger: quiet)
        do {
            var status = PollerConfiguration.status
            status.perMinerDeadline = .milliseconds(Int64(deadline * 1000))
            status.maxConcurrentPolls = concurrency
            let statusPoller = StatusPoller(
                store: store, sessions: sessions, configuration: status, gate: factory.gate, logger: quiet)
            for cycle in 1...cycles {
                let measured = try await measure(spans: spans, healthy: healthy) { try await statusPoller.runCycle() }
                print("status    \(cycle)/\(cycles): \(measured.line)")
                figures.status.append(measured)
            }
            var telemetry = PollerConfiguration.telemetry
            telemetry.perMinerDeadline = .milliseconds(Int64(telemetryDeadline * 1000))
            telemetry.maxConcurrentPolls = telemetryConcurrency
            let telemetryPoller = TelemetryPoller(
                store: store, sessions: sessions, configuration: telemetry, logger: quiet)
            for cycle in 0..<telemetryCycles {
                let measured = try await measure(spans: spans, healthy: healthy) {
                    try await telemetryPoller.runCycle()
                }
                print("telemetry \(cycle + 1)/\(telemetryCycles): \(measured.line)")
                figures.telemetry.append(measured)
            }
            if telemetryCycles > 0 { figures.telemetryShape = try await telemetryShape(store) }
            figures.poller = ProcessUsage()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    private func measure(
        spans: RequestSpans, healthy: Set<String>, _ body: () async throws -> CycleReport
    ) async throws -> CycleFigures {
        spans.reset()
        let cpuBefore = ProcessUsage.cpuSeconds()
        var report: CycleReport?
        let wall = try await ContinuousClock().measure { report = try await body() }
        let cpu = ProcessUsage.cpuSeconds() - cpuBefore
        guard let report else { throw CommandFailure("the cycle returned no report") }
        return CycleFigures(
            report: report, wall: wall, cpuSeconds: cpu, slowestHealthy: spans.slowest(among: healthy),
            usage: ProcessUsage())
    }

    /// Boards per miner and chips per board, over the miners' newest telemetry.
    private func telemetryShape(_ store: SQLiteFleetStore) async throws -> (boards: Double, chips: Double)? {
        var miners = 0
        var boards = 0
        var chips = 0
        for miner in try await store.miners().prefix(50) {
            guard let sample = try await store.latestTelemetry(of: miner.id), !sample.boards.isEmpty else { continue }
            miners += 1
            boards += sample.boards.count
            chips += sample.boards.reduce(0) { $0 + $1.chips.count }
        }
        guard miners > 0, boards > 0 else { return nil }
        return (Double(boards) / Double(miners), Double(chips) / Double(boards))
    }
}
