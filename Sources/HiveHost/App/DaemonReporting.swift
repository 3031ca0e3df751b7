import Foundation

/// What the daemon's loops report to the web server: each completed cycle ticks the loop's
/// heartbeat (for `/healthz`) and feeds the Prometheus registry; discovery sweeps also go to the
/// Discovery page's run log.
///
/// The daemon creates one, registers every loop with its interval, and hands each service the
/// matching hook.
public struct DaemonReporting: Sendable {
    /// Loop heartbeats (`/healthz`).
    public let loops: LoopHealth
    /// The Prometheus registry (`/metrics`).
    public let metrics: HostMetrics
    /// Recent discovery sweeps (the Discovery page and API).
    public let discoveryRuns: DiscoveryRunLog
    private let now: @Sendable () -> UnixMillis

    /// Loop names as `/healthz` shows them.
    public enum Loop {
        /// The discovery sweep.
        public static let discovery = "discovery"
        /// The status poller.
        public static let status = "status"
        /// The telemetry poller.
        public static let telemetry = "telemetry"
        /// Retention (rollups, deletes, vacuum).
        public static let retention = "retention"
        /// The plant API poller.
        public static let plant = "plant"
        /// The balancer.
        public static let balancer = "balancer"
    }

    /// Creates the reporting hub with empty registries, reading wall time from `now` (default:
    /// the system time).
    public init(now: (@Sendable () -> UnixMillis)? = nil) {
        let now = now ?? { UnixMillis(Date()) }
        self.now = now
        loops = LoopHealth(now: now)
        metrics = HostMetrics()
        discoveryRuns = DiscoveryRunLog()
    }

    /// Registers a loop that completes a cycle every `interval`; `/healthz` reports it stale once
    /// it has gone three intervals without one (counted from now until its first cycle).
    public func register(_ loop: String, interval: Duration) {
        loops.register(loop, interval: interval)
    }

    /// The discovery service's hook: heartbeat, scan duration, the run log.
    public func discoveryCycle(_ report: DiscoveryService.CycleReport) {
        loops.tick(Loop.discovery)
        metrics.recordScan(elapsed: report.result.elapsed)
        discoveryRuns.record(DiscoveryRunSummary(report, finishedAt: now()))
    }

    /// A poller's hook (internal `PollObserver`): a completed cycle ticks the loop named after
    /// the poller and records its duration and per-miner outcomes; other events are ignored.
    func pollObserver(_ loop: String) -> PollObserver {
        let loops = self.loops
        let metrics = self.metrics
        return { event in
            guard case .cycleCompleted(let report) = event else { return }
            loops.tick(loop)
            metrics.record(cycle: report)
        }
    }

    /// The retention service's hook: heartbeat.
    public func retentionRun(_ report: RetentionReport) {
        loops.tick(Loop.retention)
    }
}
