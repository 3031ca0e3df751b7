public import HiveProtocols

/// One miner as the balancer sees it in a cycle: its power control, its latest reading and
/// the operator's policy. Built by a ``FleetSnapshotProvider``; every miner of the site goes
/// in (unmanaged ones too: their draw counts against the budget).
public struct BalancerMiner: Sendable, Hashable {
    /// The miner.
    public var id: MinerRecord.ID
    /// A short name for reasons and logs (address, model).
    public var label: String
    /// Whether it answered its last poll.
    public var reachable: Bool
    /// Operating state from the last status read.
    public var state: MinerStatus.State
    /// Its power control with the current setting; `nil` when unknown.
    public var control: PowerControl?
    /// Power draw, measured or estimated; `nil` when neither.
    public var draw: Watts?
    /// Whether `draw` was measured by the miner.
    public var drawMeasured: Bool
    /// When `state`, `control.current` and `draw` were read.
    public var sampledAt: UnixMillis?
    /// Hash rate at that time.
    public var hashrate: HashRate?
    /// Measured efficiency in J/TH (e.g. an hourly average), when the provider has one.
    public var efficiency: Double?
    /// The model's nominal draw at stock settings, used to estimate a wake-up when nothing
    /// better is known.
    public var nominalPower: Watts?
    /// What the operator allows.
    public var policy: MinerPolicy

    /// Creates a miner view.
    public init(
        id: MinerRecord.ID, label: String? = nil, reachable: Bool = true, state: MinerStatus.State,
        control: PowerControl?, draw: Watts?, drawMeasured: Bool = true, sampledAt: UnixMillis?,
        hashrate: HashRate? = nil, efficiency: Double? = nil, nominalPower: Watts? = nil,
        policy: MinerPolicy = MinerPolicy()
    ) {
        self.id = id
        self.label = label ?? id.description
        self.reachable = reachable
        self.state = state
        self.control = control
        self.draw = draw
        self.drawMeasured = drawMeasured
        self.sampledAt = sampledAt
        self.hashrate = hashrate
        self.efficiency = efficiency
        self.nominalPower = nominalPower
        self.policy = policy
    }
}

/// Everything the balancer decides from in one cycle. Time is an input: the state machine
/// never reads a clock.
public struct BalancerInput: Sendable, Hashable {
    /// Wall time of the cycle.
    public var now: UnixMillis
    /// The budget (override and fixed cap already applied by ``BudgetPolicy``).
    public var budget: BudgetSignal
    /// Every miner of the site.
    public var miners: [BalancerMiner]

    /// Creates an input.
    public init(now: UnixMillis, budget: BudgetSignal, miners: [BalancerMiner]) {
        self.now = now
        self.budget = budget
        self.miners = miners
    }
}
