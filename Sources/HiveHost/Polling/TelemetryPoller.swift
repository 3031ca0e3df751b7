import Foundation
import HiveProtocols
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Polls per-board (and per-chip) telemetry of every due miner whose driver offers it, on a
/// fixed-rate schedule, storing one ``TelemetrySample`` per miner per cycle.
///
/// The same cycle as ``StatusPoller`` (concurrency bound, per-miner deadline on the injected
/// clock, busy miners skipped and counted, errors recorded as `telemetry poll: …`), with
/// its own defaults (``PollerConfiguration/telemetry``): hourly, and leaving the online state
/// to status polling. Miners whose driver has neither board nor chip telemetry are not
/// counted. Each cycle logs one line:
/// `telemetry poll completed in 2.10 s: 1000 miners, 998 ok, 1 timed out, 1 failed, 0 skipped`.
public struct TelemetryPoller: Service {
    /// Settings; defaults in ``PollerConfiguration/telemetry``.
    public typealias Configuration = PollerConfiguration

    /// The settings.
    public let configuration: Configuration
    private let engine: PollEngine<[BoardTelemetry]>
    private let overruns = NIOLockedValueBox(0)

    /// Creates a poller; parameters as for ``StatusPoller/init(store:sessions:configuration:clock:gate:now:logger:)``.
    public init(
        store: any FleetStore, sessions: MinerSessionPool, configuration: Configuration = .telemetry,
        clock: any Clock<Duration> = ContinuousClock(), gate: MinerRequestGate? = nil,
        now: (@Sendable () -> UnixMillis)? = nil, logger: Logger
    ) {
        self.init(
            store: store, sessions: sessions, configuration: configuration, clock: clock, gate: gate,
            now: now ?? { UnixMillis(Date()) },
            logger: logger, observer: nil)
    }

    init(
        store: any FleetStore, sessions: MinerSessionPool, configuration: Configuration,
        clock: any Clock<Duration>, gate: MinerRequestGate?, now: @escaping @Sendable () -> UnixMillis,
        logger: Logger, observer: PollObserver?
    ) {
        self.configuration = configuration
        let registry = sessions.registry
        let telemetry: Capabilities = [.boardTelemetry, .chipTelemetry]
        engine = PollEngine(
            name: "telemetry", configuration: configuration, store: store, sessions: sessions, gate: gate,
            timeline: Timeline(clock), now: now, logger: logger, observer: observer,
            read: { driver in
                guard !driver.capabilities.isDisjoint(with: telemetry) else { return nil }
                return try await driver.telemetry()
            },
            applies: { miner in
                registry.driver(miner.driver).map { !$0.descriptor.capabilities.isDisjoint(with: telemetry) } ?? true
            },
            write: { results in
                let samples = results.successes.filter { !$0.value.isEmpty }.map {
                    TelemetrySample(minerID: $0.miner.id, time: results.time, telemetry: $0.value)
                }
                try await store.append(telemetry: samples)
            })
    }

    /// Runs one cycle now, outside the schedule. Returns once every poll has ended.
    public func runCycle() async throws -> CycleReport {
        try await engine.runCycle()
    }

    /// Deadlines skipped so far because a cycle ran past them.
    public var skippedDeadlines: Int { overruns.withLockedValue { $0 } }

    /// Polls on schedule until cancelled or shut down gracefully.
    public func run() async throws {
        try await PollLoop.run(
            engine: engine, interval: configuration.interval, initialDelay: configuration.initialDelay,
            overruns: overruns)
    }
}
