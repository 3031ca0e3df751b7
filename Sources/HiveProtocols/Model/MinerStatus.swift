/// What a miner is doing right now, normalised across firmwares.
public struct MinerStatus: Sendable, Hashable, Codable {
    /// The miner's operating state.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Hashing normally.
        case mining
        /// Deliberately stopped (sleep / pause / curtail); draws idle power.
        case sleeping
        /// Auto-tuning or applying a new profile; hash rate and power are not yet settled.
        case tuning
        /// Booting or initialising.
        case starting
        /// The firmware reports a failure.
        case failure
        /// The firmware does not say.
        case unknown
    }

    /// Whether a power figure was measured by the miner or estimated by PowerHive.
    public enum PowerSource: String, Sendable, Hashable, Codable {
        /// Reported by the miner's PSU or firmware.
        case measured
        /// Estimated from the model's nominal figures; never to be shown as measured.
        case estimated
    }

    /// A pool the miner is configured with.
    public struct Pool: Sendable, Hashable, Codable {
        /// Pool URL.
        public var url: String
        /// Worker name.
        public var user: String?
        /// Whether the pool is alive / connected.
        public var alive: Bool?
        /// Whether this is the pool currently hashed on.
        public var active: Bool?
        /// Accepted shares.
        public var accepted: Int?
        /// Rejected shares.
        public var rejected: Int?

        /// Creates a pool entry.
        public init(
            url: String, user: String? = nil, alive: Bool? = nil, active: Bool? = nil, accepted: Int? = nil,
            rejected: Int? = nil
        ) {
            self.url = url
            self.user = user
            self.alive = alive
            self.active = active
            self.accepted = accepted
            self.rejected = rejected
        }
    }

    /// Operating state.
    public var state: State
    /// Short-window hash rate (e.g. 5 s).
    public var hashrateRealtime: HashRate?
    /// Average hash rate as the firmware computes it.
    public var hashrateAverage: HashRate?
    /// Nominal (ideal) hash rate for the current setting.
    public var hashrateNominal: HashRate?
    /// Power draw.
    public var power: Watts?
    /// Whether `power` was measured or estimated.
    public var powerSource: PowerSource?
    /// Current power target, when the firmware has one.
    public var powerTarget: Watts?
    /// Name of the active preset / profile / mode, when the firmware has one.
    public var powerPreset: String?
    /// Lowest board (PCB) temperature.
    public var boardTempMin: Celsius?
    /// Highest board (PCB) temperature.
    public var boardTempMax: Celsius?
    /// Lowest chip temperature.
    public var chipTempMin: Celsius?
    /// Highest chip temperature.
    public var chipTempMax: Celsius?
    /// Fan speeds.
    public var fans: [RPM]
    /// Configured pools.
    public var pools: [Pool]
    /// Seconds since mining started.
    public var uptimeSeconds: Int?
    /// Firmware messages and errors worth showing an operator.
    public var messages: [String]

    /// Creates a status.
    public init(
        state: State = .unknown, hashrateRealtime: HashRate? = nil, hashrateAverage: HashRate? = nil,
        hashrateNominal: HashRate? = nil, power: Watts? = nil, powerSource: PowerSource? = nil,
        powerTarget: Watts? = nil, powerPreset: String? = nil, boardTempMin: Celsius? = nil,
        boardTempMax: Celsius? = nil, chipTempMin: Celsius? = nil, chipTempMax: Celsius? = nil, fans: [RPM] = [],
        pools: [Pool] = [], uptimeSeconds: Int? = nil, messages: [String] = []
    ) {
        self.state = state
        self.hashrateRealtime = hashrateRealtime
        self.hashrateAverage = hashrateAverage
        self.hashrateNominal = hashrateNominal
        self.power = power
        self.powerSource = power == nil ? nil : (powerSource ?? .measured)
        self.powerTarget = powerTarget
        self.powerPreset = powerPreset
        self.boardTempMin = boardTempMin
        self.boardTempMax = boardTempMax
        self.chipTempMin = chipTempMin
        self.chipTempMax = chipTempMax
        self.fans = fans
        self.pools = pools
        self.uptimeSeconds = uptimeSeconds
        self.messages = messages
    }
}
