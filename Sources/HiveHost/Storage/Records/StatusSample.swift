public import HiveProtocols

/// One status poll of one miner, as stored: the compact, numbers-only summary of a
/// ``MinerStatus`` that dashboards chart and the balancer reads.
public struct StatusSample: Sendable, Hashable {
    /// The miner.
    public var minerID: MinerRecord.ID
    /// When the status was read.
    public var time: UnixMillis
    /// Operating state.
    public var state: MinerStatus.State
    /// Short-window hash rate.
    public var hashrateRealtime: HashRate?
    /// Average hash rate.
    public var hashrateAverage: HashRate?
    /// Power draw.
    public var power: Watts?
    /// Whether `power` was measured by the miner (`false`: estimated by PowerHive).
    public var powerMeasured: Bool?
    /// Power target in effect.
    public var powerTarget: Watts?
    /// Lowest board temperature.
    public var boardTempMin: Celsius?
    /// Highest board temperature.
    public var boardTempMax: Celsius?
    /// Lowest chip temperature.
    public var chipTempMin: Celsius?
    /// Highest chip temperature.
    public var chipTempMax: Celsius?
    /// Slowest fan.
    public var fanMin: RPM?
    /// Fastest fan.
    public var fanMax: RPM?
    /// Number of pools reported alive.
    public var poolsAlive: Int?
    /// Accepted shares, summed over pools.
    public var accepted: Int?
    /// Rejected shares, summed over pools.
    public var rejected: Int?
    /// Seconds since mining started.
    public var uptimeSeconds: Int?
    /// Why the poll failed or what the firmware complained about, if anything.
    public var error: String?

    /// Creates a sample from its fields.
    public init(
        minerID: MinerRecord.ID, time: UnixMillis, state: MinerStatus.State = .unknown,
        hashrateRealtime: HashRate? = nil, hashrateAverage: HashRate? = nil, power: Watts? = nil,
        powerMeasured: Bool? = nil, powerTarget: Watts? = nil, boardTempMin: Celsius? = nil,
        boardTempMax: Celsius? = nil, chipTempMin: Celsius? = nil, chipTempMax: Celsius? = nil, fanMin: RPM? = nil,
        fanMax: RPM? = nil, poolsAlive: Int? = nil, accepted: Int? = nil, rejected: Int? = nil,
        uptimeSeconds: Int? = nil, error: String? = nil
    ) {
        self.minerID = minerID
        self.time = time
        self.state = state
        self.hashrateRealtime = hashrateRealtime
        self.hashrateAverage = hashrateAverage
        self.power = power
        self.powerMeasured = powerMeasured
        self.powerTarget = powerTarget
        self.boardTempMin = boardTempMin
        self.boardTempMax = boardTempMax
        self.chipTempMin = chipTempMin
        self.chipTempMax = chipTempMax
        self.fanMin = fanMin
        self.fanMax = fanMax
        self.poolsAlive = poolsAlive
        self.accepted = accepted
        self.rejected = rejected
        self.uptimeSeconds = uptimeSeconds
        self.error = error
    }

    /// Summarises a driver's status: fans become min/max, pools become a count of live ones
    /// and share totals. Anything the status does not report stays `nil`.
    public init(minerID: MinerRecord.ID, time: UnixMillis, status: MinerStatus, error: String? = nil) {
        let fans = status.fans.filter { $0.value.isFinite }
        let alive = status.pools.compactMap(\.alive)
        let accepted = status.pools.compactMap(\.accepted)
        let rejected = status.pools.compactMap(\.rejected)
        self.init(
            minerID: minerID, time: time, state: status.state, hashrateRealtime: status.hashrateRealtime,
            hashrateAverage: status.hashrateAverage, power: status.power,
            powerMeasured: status.powerSource.map { $0 == .measured }, powerTarget: status.powerTarget,
            boardTempMin: status.boardTempMin, boardTempMax: status.boardTempMax, chipTempMin: status.chipTempMin,
            chipTempMax: status.chipTempMax, fanMin: fans.min(), fanMax: fans.max(),
            poolsAlive: alive.isEmpty ? nil : alive.filter { $0 }.count,
            accepted: accepted.isEmpty ? nil : accepted.reduce(0, &+),
            rejected: rejected.isEmpty ? nil : rejected.reduce(0, &+), uptimeSeconds: status.uptimeSeconds,
            error: error)
    }
}

extension MinerStatus.State {
    /// The stable integer stored in `statuses.state`. Never renumber: rows on disk keep them.
    var storageCode: Int {
        switch self {
        case .unknown: 0
        case .mining: 1
        case .sleeping: 2
        case .tuning: 3
        case .starting: 4
        case .failure: 5
        }
    }

    /// The state for a stored code; unknown codes read as `.unknown`.
    init(storageCode: Int) {
        self = MinerStatus.State.allCases.first { $0.storageCode == storageCode } ?? .unknown
    }
}
