public import HiveProtocols

/// A summary of status samples over one bucket, for one miner or the whole fleet: what
/// dashboards chart beyond the raw retention window.
///
/// For a miner, `hashrate` and `power` summarise its samples. For the fleet they summarise
/// the fleet's totals per poll (samples sharing a timestamp are summed first; pollers stamp a
/// whole cycle with one time), so `hashrate.mean` is the average fleet hash rate and
/// `power.max` the peak fleet draw in the bucket.
public struct StatusRollup: Sendable, Hashable {
    /// Miner or fleet.
    public var scope: RollupScope
    /// Bucket width.
    public var resolution: RollupResolution
    /// Bucket start.
    public var bucket: UnixMillis
    /// Status rows summarised (failed polls included).
    public var samples: Int
    /// Rows without an error.
    public var okSamples: Int
    /// Rows in state `mining`.
    public var miningSamples: Int
    /// Distinct poll times (for the fleet: cycles).
    public var polls: Int
    /// Hash rate in H/s (the realtime figure, or the average where only that is reported).
    public var hashrate: RollupAggregate?
    /// Power in W (measured and estimated alike).
    public var power: RollupAggregate?
    /// Hottest board reading.
    public var boardTempMax: Celsius?
    /// Hottest chip reading.
    public var chipTempMax: Celsius?

    /// Creates a rollup.
    public init(
        scope: RollupScope, resolution: RollupResolution, bucket: UnixMillis, samples: Int = 0, okSamples: Int = 0,
        miningSamples: Int = 0, polls: Int = 0, hashrate: RollupAggregate? = nil, power: RollupAggregate? = nil,
        boardTempMax: Celsius? = nil, chipTempMax: Celsius? = nil
    ) {
        self.scope = scope
        self.resolution = resolution
        self.bucket = bucket
        self.samples = samples
        self.okSamples = okSamples
        self.miningSamples = miningSamples
        self.polls = polls
        self.hashrate = hashrate
        self.power = power
        self.boardTempMax = boardTempMax
        self.chipTempMax = chipTempMax
    }
}
