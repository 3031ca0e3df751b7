public import HiveProtocols

/// What one balancer cycle decided.
public struct BalancerDecision: Sendable, Hashable {
    /// The cycle's time.
    public var time: UnixMillis
    /// The mode it ran in.
    public var mode: BalancerMode
    /// The fleet's state and the reason.
    public var status: BalancerStatus
    /// Changes to make. In `dry_run` they are to be logged, not sent; in `monitoring_only`
    /// there are none.
    public var actions: [BalancerAction]
    /// Earlier changes whose settle time has passed, checked against the miners' read-back.
    public var verifications: [BalancerVerification]
    /// When the plant data goes stale: the service should run a cycle then even if its
    /// schedule says later, so the fail-safe starts on time. `nil` when nothing goes stale.
    public var staleAt: UnixMillis?

    /// Creates a decision.
    public init(
        time: UnixMillis, mode: BalancerMode, status: BalancerStatus, actions: [BalancerAction],
        verifications: [BalancerVerification], staleAt: UnixMillis?
    ) {
        self.time = time
        self.mode = mode
        self.status = status
        self.actions = actions
        self.verifications = verifications
        self.staleAt = staleAt
    }

    /// The cuts, to run at once and in parallel.
    public var cuts: [BalancerAction] { actions.filter { $0.direction == .cut } }
    /// The restores.
    public var restores: [BalancerAction] { actions.filter { $0.direction == .restore } }
}

/// The result of reading a change back after its settle time.
public struct BalancerVerification: Sendable, Hashable, Codable {
    /// The verdict.
    public enum Result: String, Sendable, Hashable, Codable {
        /// The miner reports the new setting.
        case verified
        /// The miner never took the new setting (or could not be read back in time).
        case notApplied = "not_applied"
        /// The miner took the setting, then went back (firmware automation, an operator).
        case reverted
    }

    /// The action checked.
    public var actionID: BalancerActionID
    /// The miner.
    public var minerID: MinerRecord.ID
    /// The verdict.
    public var result: Result
    /// Measured draw after minus draw before, when the draw after was measured.
    public var observedDelta: Watts?
    /// What was read back, in words.
    public var detail: String
    /// When it was checked.
    public var checkedAt: UnixMillis

    /// Creates a verification.
    public init(
        actionID: BalancerActionID, minerID: MinerRecord.ID, result: Result, observedDelta: Watts?, detail: String,
        checkedAt: UnixMillis
    ) {
        self.actionID = actionID
        self.minerID = minerID
        self.result = result
        self.observedDelta = observedDelta
        self.detail = detail
        self.checkedAt = checkedAt
    }
}
