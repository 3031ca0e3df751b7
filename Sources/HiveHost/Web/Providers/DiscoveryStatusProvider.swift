import NIOConcurrencyHelpers

/// One discovery sweep as the Discovery page shows it.
public struct DiscoveryRunSummary: Sendable, Hashable {
    /// When the sweep finished.
    public var finishedAt: UnixMillis
    /// How long it took.
    public var elapsed: Duration
    /// Addresses probed.
    public var hostsScanned: Int
    /// Addresses with an open miner port.
    public var openHosts: Int
    /// Miners identified.
    public var identified: Int
    /// Hosts that answered but matched no driver.
    public var unidentified: Int
    /// Miners never seen before.
    public var new: Int
    /// Known miners at a new address.
    public var moved: Int
    /// Miners that answered again after being offline.
    public var cameOnline: Int
    /// Miners that went offline.
    public var wentOffline: Int
    /// Miners identified per driver id.
    public var byDriver: [String: Int]

    /// Creates a summary.
    public init(
        finishedAt: UnixMillis, elapsed: Duration, hostsScanned: Int, openHosts: Int, identified: Int,
        unidentified: Int, new: Int, moved: Int, cameOnline: Int, wentOffline: Int, byDriver: [String: Int] = [:]
    ) {
        self.finishedAt = finishedAt
        self.elapsed = elapsed
        self.hostsScanned = hostsScanned
        self.openHosts = openHosts
        self.identified = identified
        self.unidentified = unidentified
        self.new = new
        self.moved = moved
        self.cameOnline = cameOnline
        self.wentOffline = wentOffline
        self.byDriver = byDriver
    }

    /// The summary of a discovery cycle's report.
    public init(_ report: DiscoveryService.CycleReport, finishedAt: UnixMillis) {
        var byDriver: [String: Int] = [:]
        for entry in report.result.countsByDriver { byDriver[entry.driver.rawValue] = entry.count }
        self.init(
            finishedAt: finishedAt, elapsed: report.result.elapsed, hostsScanned: report.result.hostsScanned,
            openHosts: report.result.openHosts, identified: report.result.miners.count,
            unidentified: report.result.unidentified.count, new: report.changes.new, moved: report.changes.moved,
            cameOnline: report.changes.cameOnline, wentOffline: report.changes.wentOffline, byDriver: byDriver)
    }
}

/// What the Discovery page and API show of the discovery loop.
public protocol DiscoveryStatusProvider: Sendable {
    /// The most recent sweeps, newest first, at most `limit`.
    func recentRuns(limit: Int) async -> [DiscoveryRunSummary]
}

/// A ``DiscoveryStatusProvider`` the discovery loop feeds: call ``record(_:)`` after each sweep.
/// Keeps the last `capacity` runs in memory.
public final class DiscoveryRunLog: DiscoveryStatusProvider {
    private let runs = NIOLockedValueBox([DiscoveryRunSummary]())
    private let capacity: Int

    /// Creates an empty log.
    public init(capacity: Int = 100) {
        self.capacity = max(1, capacity)
    }

    /// Records a finished sweep.
    public func record(_ run: DiscoveryRunSummary) {
        runs.withLockedValue { runs in
            runs.append(run)
            if runs.count > capacity { runs.removeFirst(runs.count - capacity) }
        }
    }

    /// The most recent sweeps, newest first.
    public func recentRuns(limit: Int) async -> [DiscoveryRunSummary] {
        runs.withLockedValue { Array($0.suffix(max(0, limit)).reversed()) }
    }
}
