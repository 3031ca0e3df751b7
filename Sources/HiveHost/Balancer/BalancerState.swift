public import HiveProtocols

/// Everything the balancer remembers between cycles, as one `Codable` value so it can be saved
/// after every cycle and survive a restart: the mode, an operator override, the fail-safe,
/// and per miner the change in flight, the cooldown, failures and what it drew while awake.
public struct BalancerState: Sendable, Hashable, Codable {
    /// The mode.
    public var mode: BalancerMode
    /// An operator's budget override.
    public var override: BudgetOverride?
    /// Since when the fail-safe has been in force (kept across restarts: a restart during an
    /// outage stays in the fail-safe).
    public var failSafeSince: UnixMillis?
    /// When this process started balancing (not carried across restarts: set by ``start(at:)``).
    public var startedAt: UnixMillis?
    /// Per-miner memory.
    public var ledgers: [MinerRecord.ID: MinerLedger]
    /// The last cycle's status.
    public var lastStatus: BalancerStatus?
    /// When the last cycle decided (`lastStatus` describes that moment).
    public var lastDecisionAt: UnixMillis?

    /// A fresh state.
    public init(mode: BalancerMode = .active) {
        self.mode = mode
        ledgers = [:]
    }

    /// Marks the start of balancing in this process (the grace period before the fail-safe
    /// when no budget has been seen yet counts from here).
    public mutating func start(at time: UnixMillis) {
        startedAt = time
    }

    /// Changes in flight.
    public var pendingChanges: [PendingChange] {
        ledgers.values.compactMap(\.pending).sorted { $0.action.id < $1.action.id }
    }

    private enum CodingKeys: String, CodingKey {
        case mode, override, failSafeSince, startedAt, ledgers, lastStatus, lastDecisionAt
    }

    /// Decodes; ledgers are stored as a list.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mode = try container.decode(BalancerMode.self, forKey: .mode)
        override = try container.decodeIfPresent(BudgetOverride.self, forKey: .override)
        failSafeSince = try container.decodeIfPresent(UnixMillis.self, forKey: .failSafeSince)
        startedAt = try container.decodeIfPresent(UnixMillis.self, forKey: .startedAt)
        let list = try container.decodeIfPresent([MinerLedger].self, forKey: .ledgers) ?? []
        ledgers = Dictionary(list.map { ($0.minerID, $0) }, uniquingKeysWith: { _, last in last })
        lastStatus = try container.decodeIfPresent(BalancerStatus.self, forKey: .lastStatus)
        lastDecisionAt = try container.decodeIfPresent(UnixMillis.self, forKey: .lastDecisionAt)
    }

    /// Encodes; ledgers as a list sorted by miner.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encodeIfPresent(override, forKey: .override)
        try container.encodeIfPresent(failSafeSince, forKey: .failSafeSince)
        try container.encodeIfPresent(startedAt, forKey: .startedAt)
        try container.encode(ledgers.values.sorted { $0.minerID < $1.minerID }, forKey: .ledgers)
        try container.encodeIfPresent(lastStatus, forKey: .lastStatus)
        try container.encodeIfPresent(lastDecisionAt, forKey: .lastDecisionAt)
    }
}

/// What the balancer remembers about one miner.
public struct MinerLedger: Sendable, Hashable, Codable {
    /// The miner.
    public var minerID: MinerRecord.ID
    /// The change in flight, until read back after its settle time.
    public var pending: PendingChange?
    /// When the balancer (or a user) last changed it: the cooldown counts from here.
    public var lastChangeAt: UnixMillis?
    /// Failed changes in a row (not applied, reverted, rejected, errors).
    public var failures: Int
    /// Set aside until then after too many failures in a row.
    public var quarantinedUntil: UnixMillis?
    /// Its draw when last seen awake and settled (to estimate a wake-up).
    public var awakeDraw: Watts?
    /// Its setting when last seen awake.
    public var awakeSetting: PowerControl.Setting?
    /// Its efficiency in J/TH when last seen hashing.
    public var efficiency: Double?

    /// Creates an empty ledger.
    public init(minerID: MinerRecord.ID) {
        self.minerID = minerID
        failures = 0
    }
}

/// A change sent (or about to be sent) and not yet read back.
public struct PendingChange: Sendable, Hashable, Codable {
    /// The action.
    public var action: BalancerAction
    /// When it was decided.
    public var issuedAt: UnixMillis
    /// When power should have settled; read back at the first sample taken after it.
    public var settlesAt: UnixMillis
    /// Whether the miner confirmed the setting when the command returned (a later mismatch is
    /// then a revert rather than "not applied").
    public var acknowledged: Bool
    /// How often the settle time was extended because the miner was still tuning or starting.
    public var extensions: Int

    /// Creates a pending change.
    public init(action: BalancerAction, issuedAt: UnixMillis, settlesAt: UnixMillis) {
        self.action = action
        self.issuedAt = issuedAt
        self.settlesAt = settlesAt
        acknowledged = false
        extensions = 0
    }
}
