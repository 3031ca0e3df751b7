import Foundation
import HiveProtocols
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Polls every due miner's status on a fixed-rate schedule and stores one ``StatusSample``
/// per miner per cycle.
///
/// A miner is due when it has an address and is online or answered within
/// `recentlySeenWindow`. Each cycle polls them concurrently (at most `maxConcurrentPolls`
/// at once), each within `perMinerDeadline` on the injected clock, skipping and counting a
/// miner whose previous request is still in flight. Successes and failures are written in one
/// go: a sample per miner (a failed poll stores a sample with state `unknown` and its error),
/// the miner's error (`status poll: timed out: …`, cleared on the next success), and its
/// online state (seen on success; a miss on failure, offline after `offlineAfterMisses`).
/// Each cycle logs one line:
/// `status poll completed in 0.84 s: 1000 miners, 995 ok, 3 timed out, 2 failed, 0 skipped`.
public struct StatusPoller: Service {
    /// Settings; defaults in ``PollerConfiguration/status``.
    public typealias Configuration = PollerConfiguration

    /// The settings.
    public let configuration: Configuration
    private let engine: PollEngine<MinerStatus>
    private let overruns = NIOLockedValueBox(0)

    /// Creates a poller.
    /// - Parameters:
    ///   - store: Where samples, errors and the online state go.
    ///   - sessions: The shared driver instances.
    ///   - configuration: Interval, deadline, concurrency, offline threshold.
    ///   - clock: Schedules cycles and per-miner deadlines (a `ManualClock` in tests).
    ///   - gate: The transports' request gate; a miner with a request in flight is skipped.
    ///   - now: Wall-clock time stamped on samples.
    ///   - logger: Receives the per-cycle line.
    public init(
        store: any FleetStore, sessions: MinerSessionPool, configuration: Configuration = .status,
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
        engine = PollEngine(
            name: "status", configuration: configuration, store: store, sessions: sessions, gate: gate,
            timeline: Timeline(clock), now: now, logger: logger, observer: observer,
            read: { driver in try await driver.status() },
            applies: { _ in true },
            write: { results in
                var samples = results.successes.map {
                    StatusSample(minerID: $0.miner.id, time: results.time, status: $0.value)
                }
                samples += results.failures.map {
                    StatusSample(
                        minerID: $0.miner.id, time: results.time, state: .unknown, error: $0.failure.description)
                }
                try await store.append(statuses: samples)
            })
    }

    /// Runs one cycle now, outside the schedule (tests, benchmarks, `powerhive poll`).
    /// Returns once every poll has ended.
    public func runCycle() async throws -> CycleReport {
        try await engine.runCycle()
    }

    /// Deadlines skipped so far because a cycle ran past them.
    public var skippedDeadlines: Int { overruns.withLockedValue { $0 } }

    /// Polls on schedule until cancelled or shut down gracefully (the cycle in progress
    /// finishes first). A failed cycle (e.g. the store is unavailable) is logged and the
    /// schedule goes on.
    public func run() async throws {
        try await PollLoop.run(
            engine: engine, interval: configuration.interval, initialDelay: configuration.initialDelay,
            overruns: overruns)
    }
}
