public import HiveProtocols

/// Totals over the fleet: how many miners are in each condition, hash rate and power (measured
/// and estimated kept apart), and efficiency.
///
/// Hash rate and power count only miners that are online (an offline miner's last sample is
/// history, not current draw). Efficiency uses only miners that report both power and a
/// non-zero hash rate, so sleeping miners' idle draw does not distort it.
public struct FleetSummary: Sendable, Hashable {
    /// Miners in the inventory.
    public var miners: Int
    /// Online, not sleeping or failing.
    public var online: Int
    /// Offline.
    public var offline: Int
    /// Sleeping.
    public var sleeping: Int
    /// Failing.
    public var failing: Int
    /// Managed by PowerHive.
    public var managed: Int
    /// Sum of the realtime hash rates reported.
    public var hashrate: HashRate
    /// Sum of all power figures (measured + estimated).
    public var power: Watts
    /// Sum of measured power.
    public var powerMeasured: Watts
    /// Sum of estimated power.
    public var powerEstimated: Watts
    /// Reachable miners with no power figure at all.
    public var powerUnknown: Int
    /// Joules per terahash over miners reporting both figures; `nil` when none does.
    public var efficiency: Double?
    /// Newest sample time in the fleet.
    public var newestSample: UnixMillis?

    /// Computes the totals.
    public init(rows: [FleetRow]) {
        var summary = (online: 0, offline: 0, sleeping: 0, failing: 0, managed: 0)
        var hashrate = 0.0
        var measured = 0.0
        var estimated = 0.0
        var unknown = 0
        var efficiencyPower = 0.0
        var efficiencyHashes = 0.0
        var newest: UnixMillis?
        for row in rows {
            if row.miner.managed { summary.managed += 1 }
            switch row.condition {
            case .online: summary.online += 1
            case .offline: summary.offline += 1
            case .sleeping: summary.sleeping += 1
            case .failing: summary.failing += 1
            }
            if let time = row.status?.time { newest = max(newest ?? time, time) }
            guard row.miner.online, let status = row.status else { continue }
            let hashes = status.hashrateRealtime?.value ?? status.hashrateAverage?.value
            if let hashes, hashes.isFinite { hashrate += hashes }
            guard let power = status.power?.value, power.isFinite else {
                unknown += 1
                continue
            }
            if status.powerMeasured == true { measured += power } else { estimated += power }
            if let hashes, hashes.isFinite, hashes > 0 {
                efficiencyPower += power
                efficiencyHashes += hashes
            }
        }
        miners = rows.count
        online = summary.online
        offline = summary.offline
        sleeping = summary.sleeping
        failing = summary.failing
        managed = summary.managed
        self.hashrate = HashRate(hashrate)
        powerMeasured = Watts(measured)
        powerEstimated = Watts(estimated)
        power = Watts(measured + estimated)
        powerUnknown = unknown
        efficiency = efficiencyHashes > 0 ? efficiencyPower / (efficiencyHashes / 1e12) : nil
        newestSample = newest
    }
}
