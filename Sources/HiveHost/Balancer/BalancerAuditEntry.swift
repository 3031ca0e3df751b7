public import HiveProtocols

/// One row of the balancer's audit log: who changed what on which miner, why, what was expected
/// and what came of it.
public struct BalancerAuditEntry: Sendable, Hashable, Codable {
    /// Who made the change.
    public enum Actor: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The balancer.
        case balancer
        /// A user, by name.
        case user(String)

        /// `balancer` or `user:<name>`.
        public var description: String {
            switch self {
            case .balancer: "balancer"
            case .user(let name): "user:\(name)"
            }
        }
    }

    /// What became of it (the latest word: the send result, then the read-back).
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Decided in `dry_run`: logged, not sent.
        case dryRun = "dry_run"
        /// Being sent.
        case sent
        /// The miner confirmed it (on sending, then again on the read-back after settling).
        case verified
        /// Accepted; not effective yet.
        case pending
        /// The miner did not take it.
        case notApplied = "not_applied"
        /// The miner refused it.
        case rejected
        /// Sending failed (transport error, unsupported command).
        case failed
        /// The miner took it, then went back.
        case reverted
    }

    /// The action's identifier.
    public var id: BalancerActionID
    /// When it was decided.
    public var time: UnixMillis
    /// The miner.
    public var minerID: MinerRecord.ID
    /// The command.
    public var command: MinerCommand
    /// Setting before, when known.
    public var from: PowerControl.Setting?
    /// Setting after.
    public var to: PowerControl.Setting
    /// Why.
    public var reason: String
    /// Expected change in draw.
    public var expectedDelta: Watts
    /// Measured change after settling, when measured.
    public var observedDelta: Watts?
    /// The outcome.
    public var outcome: Outcome
    /// The driver's or read-back's explanation.
    public var detail: String?
    /// Who.
    public var actor: Actor
    /// When the outcome was last updated.
    public var updatedAt: UnixMillis

    /// Creates an entry.
    public init(
        id: BalancerActionID, time: UnixMillis, minerID: MinerRecord.ID, command: MinerCommand,
        from: PowerControl.Setting?, to: PowerControl.Setting, reason: String, expectedDelta: Watts,
        observedDelta: Watts? = nil, outcome: Outcome, detail: String? = nil, actor: Actor = .balancer,
        updatedAt: UnixMillis? = nil
    ) {
        self.id = id
        self.time = time
        self.minerID = minerID
        self.command = command
        self.from = from
        self.to = to
        self.reason = reason
        self.expectedDelta = expectedDelta
        self.observedDelta = observedDelta
        self.outcome = outcome
        self.detail = detail
        self.actor = actor
        self.updatedAt = updatedAt ?? time
    }

    /// The entry for a balancer action.
    public init(_ action: BalancerAction, outcome: Outcome) {
        self.init(
            id: action.id, time: action.id.time, minerID: action.minerID, command: action.command, from: action.from,
            to: action.to, reason: action.reason, expectedDelta: action.expectedDelta, outcome: outcome)
    }
}

/// A later word on an audit entry.
public struct BalancerAuditUpdate: Sendable, Hashable, Codable {
    /// The entry.
    public var id: BalancerActionID
    /// The new outcome.
    public var outcome: BalancerAuditEntry.Outcome
    /// Explanation.
    public var detail: String?
    /// Measured change, when known.
    public var observedDelta: Watts?
    /// When.
    public var at: UnixMillis

    /// Creates an update.
    public init(
        id: BalancerActionID, outcome: BalancerAuditEntry.Outcome, detail: String?, observedDelta: Watts? = nil,
        at: UnixMillis
    ) {
        self.id = id
        self.outcome = outcome
        self.detail = detail
        self.observedDelta = observedDelta
        self.at = at
    }
}
