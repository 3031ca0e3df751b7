import ArgumentParser
import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Logging
import NIOPosix

/// `powerhive bench simulator`: starts N simulated miners and, from the same process, polls
/// every one once per second through the live transports (the daemon's path: each driver's
/// `status()`), then prints what the simulator served and what it cost.
struct BenchSimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Poll N simulated miners once per second over loopback; print requests/s, latency, CPU and RSS.",
        discussion: """
            Binds ports 80 and 4028 on every address of --range (run as root). The simulator runs on NIO's \
            singleton event loops, the poller on its own, so their CPU is reported apart.
            """)

    @Option(help: "How many simulated miners.") var count = 1000
    @Option(help: "Loopback range for the miners.") var range = "127.70.0.0/22"
    @Option(help: "Seconds of polling to measure (after one warm-up round).") var duration = 10
    @Option(help: "Personalities and weights.") var mix = "antminer-stock:55,vnish:45"
    @Option(help: "Real-time delay the simulator adds to every reply, e.g. 5-40ms (none by default).")
    var latency: String?
    @Option(help: "Seed for the fleet.") var seed: UInt64 = 7
    @Option(help: "Event loop threads for the poller's transports.") var pollerThreads = 2

    func validate() throws {
        guard (1...20_000).contains(count) else { throw ValidationError("--count must be 1...20000 (got \(count))") }
        guard (1...3600).contains(duration) else {
            throw ValidationError("--duration must be 1...3600 seconds (got \(duration))")
        }
        guard (1...64).contains(pollerThreads) else {
            throw ValidationError("--poller-threads must be 1...64 (got \(pollerThreads))")
        }
    }

    func run() async throws {
        let configuration = try makeConfiguration()
        print(
            "bench simulator: \(Self.buildMode) build, \(count) miners on \(range), \(mix), latency \(latency ?? "none")"
        )
        let started = ContinuousClock.now
        let fleet: SimulatedFleet
        do {
            fleet = try await SimulatedFleet.start(configuration)
        } catch {
            throw CommandFailure(
                "could not start the simulated fleet (\(error)); it binds ports 80 and 4028: run as root")
        }
        print("fleet: started in \(Self.seconds(started.duration(to: .now)))")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: pollerThreads)
        let client = HTTPClientFactory.makeClient(eventLoopGroup: group)
        do {
            try await measure(fleet, factory: LiveTransportFactory(httpClient: client, eventLoopGroup: group))
        } catch {
            try? await client.shutdown()
            await fleet.stop()
            try? await group.shutdownGracefully()
            throw error
        }
        try await client.shutdown()
        await fleet.stop()
        try await group.shutdownGracefully()
    }

    /// The fleet the options describe; a bad value is a usage error.
    private func makeConfiguration() throws -> SimulatedFleet.Configuration {
        var configuration = SimulatedFleet.Configuration(range: range, count: count, seed: seed)
        do {
            configuration.mix = try SimulatedFleet.Configuration.parse(mix: mix)
            if let latency { configuration.latency = try SimulatedFleet.Configuration.parse(latency: latency) }
            try configuration.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return configuration
    }

    private func measure(_ fleet: SimulatedFleet, factory: LiveTransportFactory) async throws {
        let registry = try DriverRegistry.builtIn
        let recorder = LatencyRecorder()
        var logger = Logger(label: "powerhive.bench")
        logger.logLevel = .critical
        let addresses = fleet.groundTruth().miners.map(\.address)

        var clock = ContinuousClock.now
        let drivers = await Poller.identify(
            addresses, registry: registry, logger: logger,
            transports: { host in
                let live = factory.transports(for: host)
                return (
                    TimedHTTP(base: live.http, recorder: recorder), TimedCGMiner(base: live.cgminer, recorder: recorder)
                )
            })
        print("identification: \(drivers.count)/\(addresses.count) miners in \(Self.seconds(clock.duration(to: .now)))")
        clock = ContinuousClock.now
        let warmUp = await Poller.round(drivers, recorder: nil)
        print(
            "warm-up round (logins, API keys): \(Self.seconds(clock.duration(to: .now))), \(warmUp.failures) failures")
        recorder.reset()

        let before = CPUSample()
        let requestsBefore = fleet.requestsReceived
        let start = ContinuousClock.now
        var rounds = 0
        var polls = 0
        var failures = 0
        var late = 0
        for index in 0..<duration {
            let tick = start + .seconds(index)
            if ContinuousClock.now < tick {
                try await Task.sleep(until: tick, clock: .continuous)
            } else if index > 0 {
                late += 1
            }
            let round = await Poller.round(drivers, recorder: recorder)
            rounds += 1
            polls += round.polls
            failures += round.failures
        }
        let elapsed = start.duration(to: .now).benchSeconds
        let after = CPUSample()
        let requests = fleet.requestsReceived - requestsBefore
        let figures = recorder.figures()

        print(
            "polling: \(rounds) rounds in \(Self.format(elapsed)) s = \(Self.format(Double(rounds) / elapsed)) rounds/s "
                + "(\(late) started late), \(polls) status polls = \(Self.format(Double(polls) / elapsed))/s, "
                + "\(failures) failed")
        print(
            "simulator: \(requests) requests served = \(Self.format(Double(requests) / elapsed)) requests/s "
                + "(client saw \(figures.requests.count) requests)")
        print("request latency (HTTP and CGMiner, client side): \(figures.requests.summary)")
        print("status() latency per miner: \(figures.polls.summary)")
        print(before.report(to: after, wallSeconds: elapsed))
        // The simulator's own cost, and what one core of it would serve: whether it, or the
        // poller sharing this process, is what limits the rounds per second.
        let simulatorSeconds = before.seconds(to: after)[0]
        if requests > 0, simulatorSeconds > 0, polls > 0 {
            let perRequest = simulatorSeconds / Double(requests)
            let perRound = Double(requests) / Double(rounds)
            print(
                "simulator capacity: \(Self.format(perRequest * 1000)) ms CPU per request served; one core serves "
                    + "≈\(Self.format(1 / perRequest)) requests/s = \(Self.format(1 / perRequest / perRound)) rounds/s "
                    + "of these \(count) miners (one round per second needs \(Self.format(perRound)) requests/s, "
                    + "\(Self.format(perRound * perRequest)) simulator CPU-s per s)")
        }
        print(MemorySample().summary)
    }

    static var buildMode: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }

    static func seconds(_ duration: Duration) -> String { format(duration.benchSeconds) + " s" }

    static func format(_ value: Double) -> String { String(format: value >= 100 ? "%.0f" : "%.2f", value) }
}
