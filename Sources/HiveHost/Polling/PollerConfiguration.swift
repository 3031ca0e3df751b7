/// Settings of a poller (``StatusPoller``, ``TelemetryPoller``).
public struct PollerConfiguration: Sendable, Hashable {
    /// Time between cycle starts (fixed rate: `intervals.status_seconds` /
    /// `intervals.telemetry_seconds`).
    public var interval: Duration
    /// Wait before the first cycle, so pollers started together do not all hit the miners in
    /// the same second (and skip each other's busy miners).
    public var initialDelay: Duration
    /// How long one miner's poll may take before it counts as timed out; kept below the
    /// interval (a larger value is cut to 90 % of it).
    public var perMinerDeadline: Duration
    /// Most polls in flight at once across the fleet.
    public var maxConcurrentPolls: Int
    /// Whether results feed the miners' online state (seen on success, a miss on failure).
    public var updatesOnlineState: Bool
    /// Misses in a row after which a miner is marked offline; use the same value as discovery.
    public var offlineAfterMisses: Int
    /// Offline miners are still polled while their last answer is at most this old; older
    /// ones are left to discovery.
    public var recentlySeenWindow: Duration

    /// Creates settings.
    public init(
        interval: Duration, initialDelay: Duration = .zero, perMinerDeadline: Duration, maxConcurrentPolls: Int,
        updatesOnlineState: Bool, offlineAfterMisses: Int = 3, recentlySeenWindow: Duration = .seconds(3600)
    ) {
        self.interval = interval
        self.initialDelay = initialDelay
        self.perMinerDeadline = perMinerDeadline
        self.maxConcurrentPolls = maxConcurrentPolls
        self.updatesOnlineState = updatesOnlineState
        self.offlineAfterMisses = offlineAfterMisses
        self.recentlySeenWindow = recentlySeenWindow
    }

    /// Status polling: every 60 s, 10 s per miner, 256 in flight, feeding the online state.
    public static let status = PollerConfiguration(
        interval: .seconds(60), perMinerDeadline: .seconds(10), maxConcurrentPolls: 256, updatesOnlineState: true)

    /// Telemetry polling: every hour, first after 30 s (off the status poller's second),
    /// 60 s per miner (a few hundred chips per answer), 64 in flight; the online state is
    /// left to status polling.
    public static let telemetry = PollerConfiguration(
        interval: .seconds(3600), initialDelay: .seconds(30), perMinerDeadline: .seconds(60), maxConcurrentPolls: 64,
        updatesOnlineState: false)

    /// The per-miner deadline actually used: positive and below the interval.
    var effectiveDeadline: Duration {
        let cap = interval * 0.9
        guard perMinerDeadline > .zero else { return cap }
        return min(perMinerDeadline, cap)
    }

    /// The concurrency bound actually used (at least one).
    var effectiveConcurrency: Int { max(1, maxConcurrentPolls) }

    /// The recently-seen window in milliseconds.
    var recentlySeenMillis: Int64 {
        let (seconds, attoseconds) = recentlySeenWindow.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
