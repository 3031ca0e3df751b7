import Foundation
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Keeps the time-series store bounded: rolls status samples up into five-minute and hourly
/// rollups (per miner and for the fleet), deletes what is older than each retention window
/// in small batches, and gives the freed pages back with incremental vacuum. Runs at a fixed
/// rate (hourly) on the injected clock, replacing the seed's hand-written cron job.
///
/// Rollups are built per complete hour (an hour counts as complete `rollupSettle` after it
/// ends), in order from the newest stored hourly rollup (or the oldest sample); the hour's
/// five-minute rollups and its hourly rollup are written together. An hour without samples
/// gets an empty fleet rollup, so it is not revisited. Raw status samples are never deleted
/// before their hour is rolled up. Each run then packs the samples of completed hours into
/// the store's dense form (``RetentionStore/compactStatuses(before:limit:)``).
public struct RetentionService: Service {
    /// The service's settings.
    public struct Configuration: Sendable, Hashable {
        /// Time between runs.
        public var interval: Duration
        /// Wait before the first run.
        public var initialDelay: Duration
        /// How long raw status samples are kept.
        public var rawStatuses: Duration
        /// How long per-chip telemetry is kept.
        public var chipTelemetry: Duration
        /// How long board snapshots are kept.
        public var boardSnapshots: Duration
        /// How long five-minute rollups are kept.
        public var fiveMinuteRollups: Duration
        /// How long hourly rollups are kept.
        public var hourlyRollups: Duration
        /// How long plant readings are kept.
        public var plantReadings: Duration
        /// How long the balancer's audit log is kept.
        public var balancerAudit: Duration
        /// Whether to build rollups.
        public var buildsRollups: Bool
        /// How long after an hour ends its samples are considered complete.
        public var rollupSettle: Duration
        /// Most hours rolled up in one run (bounds a first run's backfill).
        public var maxRollupHoursPerRun: Int
        /// Most rows removed by one delete (one short write).
        public var deleteBatchSize: Int
        /// Pause between delete batches, on the service's clock (zero: none).
        public var pauseBetweenBatches: Duration
        /// Free pages returned per incremental-vacuum step.
        public var vacuumPagesPerStep: Int
        /// Most incremental-vacuum steps per run.
        public var maxVacuumSteps: Int

        /// Creates settings; the defaults keep raw statuses 30 days, chips 7 days, board
        /// snapshots and plant readings 90 days, rollups and the balancer's audit log a year.
        public init(
            interval: Duration = .seconds(3600), initialDelay: Duration = .seconds(120),
            rawStatuses: Duration = .seconds(30 * 86_400), chipTelemetry: Duration = .seconds(7 * 86_400),
            boardSnapshots: Duration = .seconds(90 * 86_400),
            fiveMinuteRollups: Duration = .seconds(365 * 86_400), hourlyRollups: Duration = .seconds(365 * 86_400),
            plantReadings: Duration = .seconds(90 * 86_400), balancerAudit: Duration = .seconds(365 * 86_400),
            buildsRollups: Bool = true,
            rollupSettle: Duration = .seconds(300), maxRollupHoursPerRun: Int = 48, deleteBatchSize: Int = 2000,
            pauseBetweenBatches: Duration = .zero, vacuumPagesPerStep: Int = 1024, maxVacuumSteps: Int = 256
        ) {
            self.interval = interval
            self.initialDelay = initialDelay
            self.rawStatuses = rawStatuses
            self.chipTelemetry = chipTelemetry
            self.boardSnapshots = boardSnapshots
            self.fiveMinuteRollups = fiveMinuteRollups
            self.hourlyRollups = hourlyRollups
            self.plantReadings = plantReadings
            self.balancerAudit = balancerAudit
            self.buildsRollups = buildsRollups
            self.rollupSettle = rollupSettle
            self.maxRollupHoursPerRun = maxRollupHoursPerRun
            self.deleteBatchSize = deleteBatchSize
            self.pauseBetweenBatches = pauseBetweenBatches
            self.vacuumPagesPerStep = vacuumPagesPerStep
            self.maxVacuumSteps = maxVacuumSteps
        }
    }

    /// The settings.
    public let configuration: Configuration
    let store: any RetentionStore
    let timeline: Timeline
    let now: @Sendable () -> UnixMillis
    let logger: Logger
    private let onRun: (@Sendable (RetentionReport) -> Void)?
    private let last = NIOLockedValueBox<RetentionReport?>(nil)

    /// Creates the service.
    /// - Parameters:
    ///   - store: The store to prune.
    ///   - configuration: Windows, batch sizes, schedule.
    ///   - clock: Schedules runs and pauses (a `ManualClock` in tests).
    ///   - now: Wall-clock time the windows are measured from.
    ///   - logger: Receives one line per run.
    ///   - onRun: Told about every completed run (the daemon's health checks).
    public init(
        store: any RetentionStore, configuration: Configuration = Configuration(),
        clock: any Clock<Duration> = ContinuousClock(), now: (@Sendable () -> UnixMillis)? = nil, logger: Logger,
        onRun: (@Sendable (RetentionReport) -> Void)? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.timeline = Timeline(clock)
        self.now = now ?? { UnixMillis(Date()) }
        self.logger = logger
        self.onRun = onRun
    }

    /// The last run's report (the database size among its figures), if a run completed.
    public var lastReport: RetentionReport? { last.withLockedValue { $0 } }

    /// Runs on schedule until cancelled or shut down gracefully. A failed run is logged and
    /// the schedule goes on.
    public func run() async throws {
        var ticker = FixedRateTicker(
            timeline: timeline, interval: configuration.interval, initialDelay: configuration.initialDelay)
        guard await ticker.waitForFirst() else { return }
        repeat {
            do {
                _ = try await runOnce()
            } catch {
                if Task.isCancelled { return }
                logger.error("retention failed: \(error)")
            }
        } while await ticker.waitForNext(skipped: { skipped in
            logger.warning("retention overran its interval: skipped \(skipped) run\(skipped == 1 ? "" : "s")")
        })
    }

    /// One run now: rollups, deletes, vacuum. Logs one line and returns the figures.
    public func runOnce() async throws -> RetentionReport {
        let started = timeline.now
        let time = now()
        var report = RetentionReport(startedAt: time)
        var statusCutoff = time.minus(configuration.rawStatuses)
        if configuration.buildsRollups {
            let firstUnrolled = try await rollUp(at: time, into: &report)
            if let firstUnrolled { statusCutoff = min(statusCutoff, firstUnrolled) }
        }
        report.deletedStatuses = try await deleteInBatches(&report) {
            try await store.deleteStatuses(before: statusCutoff, limit: $0)
        }
        report.deletedChipRows = try await deleteInBatches(&report) {
            try await store.deleteChipTelemetry(before: time.minus(configuration.chipTelemetry), limit: $0)
        }
        report.deletedBoardSnapshots = try await deleteInBatches(&report) {
            try await store.deleteBoardSnapshots(before: time.minus(configuration.boardSnapshots), limit: $0)
        }
        for (resolution, window) in [
            (RollupResolution.fiveMinutes, configuration.fiveMinuteRollups), (.hour, configuration.hourlyRollups),
        ] {
            report.deletedRollups += try await deleteInBatches(&report) {
                try await store.deleteRollups(resolution, before: time.minus(window), limit: $0)
            }
        }
        report.deletedPlantReadings = try await deleteInBatches(&report) {
            try await store.deletePlantReadings(before: time.minus(configuration.plantReadings), limit: $0)
        }
        report.deletedAuditEntries = try await deleteInBatches(&report) {
            try await store.deleteBalancerAudit(before: time.minus(configuration.balancerAudit), limit: $0)
        }
        // Everything before the current hour: hours are complete, and a late sample for a packed
        // hour is merged into its block by a later run.
        let hourStart = UnixMillis(time.rawValue - ((time.rawValue % 3_600_000) + 3_600_000) % 3_600_000)
        report.packedStatuses = try await deleteInBatches(&report) {
            try await store.compactStatuses(before: hourStart, limit: $0)
        }
        report.pagesReclaimed = try await vacuum()
        report.databaseBytes = try await store.databaseBytes()
        report.elapsed = timeline.now - started
        logger.info("\(report.logLine)")
        last.withLockedValue { $0 = report }
        onRun?(report)
        return report
    }

    /// Repeats `delete` (given the batch size) until a batch removes fewer rows than asked.
    private func deleteInBatches(
        _ report: inout RetentionReport, _ delete: (Int) async throws -> Int
    ) async throws -> Int {
        let batch = max(1, configuration.deleteBatchSize)
        var total = 0
        while true {
            try Task.checkCancellation()
            let deleted = try await delete(batch)
            report.deleteBatches += 1
            total += deleted
            guard deleted >= batch else { return total }
            if configuration.pauseBetweenBatches > .zero {
                try await timeline.sleep(until: timeline.now + configuration.pauseBetweenBatches)
            }
        }
    }

    /// Incremental vacuum in steps, until no free page is left or the step budget is spent.
    private func vacuum() async throws -> Int {
        let step = max(1, configuration.vacuumPagesPerStep)
        var total = 0
        for _ in 0..<max(0, configuration.maxVacuumSteps) {
            try Task.checkCancellation()
            let reclaimed = try await store.reclaimFreePages(step)
            total += reclaimed
            if reclaimed < step { break }
        }
        return total
    }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension UnixMillis {
    /// This instant moved back by `duration`.
    func minus(_ duration: Duration) -> UnixMillis { adding(milliseconds: -duration.milliseconds) }
}
