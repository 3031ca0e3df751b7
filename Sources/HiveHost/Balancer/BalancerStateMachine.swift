public import HiveProtocols

/// The balancer's decisions as a pure state machine: inputs in (budget, miners, time), actions
/// out, no I/O and no clock. ``BalancerService`` gathers the inputs and carries out the actions.
///
/// Each ``decide(_:)``:
/// 1. reads back changes whose settle time has passed (``BalancerVerification``);
/// 2. counts every miner's draw — a change in flight at its expected draw once settled, so the
///    next cycle never corrects the same gap twice;
/// 3. judges the budget: plant data older than `staleAfterSeconds` (or none since start for that
///    long) is the **fail-safe**: cut to `failSafeLevel`, or put every managed miner to sleep
///    when it is `nil`, ignoring cooldowns, and stay there until fresh data returns;
/// 4. over the budget: cut at once, least efficient (and lowest priority) first: sleep a miner
///    when the gap is at least what sleeping it saves, trim continuous targets and ladders for
///    the rest, controls that interrupt hashing after the others, miners in their cooldown only
///    when the others are not enough, and finally everything down to its minimum;
/// 5. under the budget by more than the deadband: restore in batches, most efficient first,
///    never above the budget nor into a miner's cooldown;
/// 6. in between: nothing (the deadband).
///
/// Cuts aim at half the deadband under the budget and restores stop there, so measurement noise
/// does not flap between the two. A planned draw never exceeds the budget unless even every
/// flexible miner at its minimum is over it: then the plan is "everything down" and the phase
/// says ``BalancerStatus/Phase/infeasible``.
public struct BalancerStateMachine: Sendable {
    /// Tuning.
    public struct Configuration: Sendable, Hashable, Codable {
        /// No action while the draw is this far under the budget or less.
        public var deadband: Watts
        /// Minimum time between two changes of one miner, except in an emergency.
        public var cooldownSeconds: Int
        /// Plant data older than this triggers the fail-safe.
        public var staleAfterSeconds: Int
        /// The fail-safe budget; `nil` puts every managed miner to sleep.
        public var failSafeLevel: Watts?
        /// Restores per cycle; `nil`: 1 % of the managed miners, at least 10, at most 100.
        public var restoreBatchSize: Int?
        /// Failed changes in a row before a miner is set aside.
        public var maxAttempts: Int
        /// How long a miner is set aside after `maxAttempts` failures.
        public var quarantineSeconds: Int
        /// Draw assumed for a sleeping miner whose firmware does not say (a planning
        /// assumption, never shown as a reading).
        public var assumedSleepPower: Watts
        /// Smallest raise worth a command.
        public var minimumChange: Watts
        /// How often a settle time is extended while the miner still tunes or starts.
        public var maxSettleExtensions: Int
        /// How long after its settle time a change may wait for a read-back before it counts
        /// as not applied.
        public var readBackGraceSeconds: Int

        /// Creates a configuration; defaults follow `config.json` (`balancer.*`).
        public init(
            deadband: Watts = .kilowatts(2), cooldownSeconds: Int = 600, staleAfterSeconds: Int = 180,
            failSafeLevel: Watts? = nil, restoreBatchSize: Int? = nil, maxAttempts: Int = 3,
            quarantineSeconds: Int = 3600, assumedSleepPower: Watts = Watts(150), minimumChange: Watts = Watts(50),
            maxSettleExtensions: Int = 2, readBackGraceSeconds: Int = 300
        ) {
            self.deadband = Watts(max(0, deadband.value))
            self.cooldownSeconds = max(0, cooldownSeconds)
            self.staleAfterSeconds = max(1, staleAfterSeconds)
            self.failSafeLevel = failSafeLevel
            self.restoreBatchSize = restoreBatchSize.map { max(1, $0) }
            self.maxAttempts = max(1, maxAttempts)
            self.quarantineSeconds = max(0, quarantineSeconds)
            self.assumedSleepPower = assumedSleepPower
            self.minimumChange = minimumChange
            self.maxSettleExtensions = max(0, maxSettleExtensions)
            self.readBackGraceSeconds = max(0, readBackGraceSeconds)
        }
    }

    /// What became of a command the service sent.
    public enum ExecutionResult: Sendable, Hashable {
        /// The driver's outcome.
        case outcome(CommandOutcome)
        /// The command failed before an outcome (transport error, unsupported…), with the reason.
        case failed(String)
    }

    /// The settings.
    public let configuration: Configuration
    /// The remembered state; save it after every change to survive a restart.
    public internal(set) var state: BalancerState

    /// Creates a machine, from a saved state when there is one.
    public init(configuration: Configuration = Configuration(), state: BalancerState = BalancerState()) {
        self.configuration = configuration
        self.state = state
    }

    /// Decides one cycle. See the type's documentation for the rules.
    public mutating func decide(_ input: BalancerInput) -> BalancerDecision {
        let now = input.now
        if state.startedAt == nil { state.startedAt = now }
        let byID = Dictionary(input.miners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let verifications = resolvePending(byID, now: now)
        releaseQuarantines(now: now)
        let views = makeViews(input.miners, now: now)
        remember(views)
        let resolution = resolveBudget(input.budget, now: now)
        var outcome = plan(views, resolution: resolution, now: now)
        let actions = makeActions(outcome.moves, views: views, now: now)
        var status = outcome.status
        status.planned = status.projected + actions.reduce(Watts.zero) { $0 + $1.expectedDelta }

        var emitted = actions
        switch state.mode {
        case .active:
            for action in actions { register(action, now: now) }
        case .dryRun:
            break
        case .monitoringOnly:
            emitted = []
            status.planned = status.projected
        }
        outcome.status = status
        state.lastStatus = status
        state.lastDecisionAt = now
        return BalancerDecision(
            time: now, mode: state.mode, status: status, actions: emitted, verifications: verifications,
            staleAt: resolution.staleAt)
    }

    /// Records what became of an action the service sent: a refused or failed command is no
    /// longer pending (and counts as a failure); an accepted one stays pending until read back,
    /// with the settle time the driver gave, if any.
    public mutating func record(_ result: ExecutionResult, for action: BalancerAction, at now: UnixMillis) {
        guard var ledger = state.ledgers[action.minerID], var pending = ledger.pending,
            pending.action.id == action.id
        else { return }
        switch result {
        case .outcome(let outcome) where outcome.result == .verified || outcome.result == .pending:
            pending.acknowledged = outcome.result == .verified
            if let seconds = outcome.settleSeconds {
                pending.settlesAt = now.adding(milliseconds: Int64(max(0, seconds)) * 1000)
            }
            ledger.pending = pending
        case .outcome, .failed:
            ledger.pending = nil
            noteFailure(&ledger, now: now)
        }
        state.ledgers[action.minerID] = ledger
    }

    /// Miners whose change in flight has reached its settle time: the service should read them
    /// back from the miner itself (not from the last poll) before the next ``decide(_:)``.
    public func readBackDue(at now: UnixMillis) -> Set<MinerRecord.ID> {
        Set(
            state.ledgers.values.compactMap { ledger in
                guard let pending = ledger.pending, pending.settlesAt <= now else { return nil }
                return ledger.minerID
            })
    }

    /// Switches mode (takes effect at the next decision).
    public mutating func setMode(_ mode: BalancerMode) { state.mode = mode }

    /// Sets or clears the operator's budget override.
    public mutating func setOverride(_ override: BudgetOverride?) { state.override = override }

    /// Notes that a user changed a miner by hand: its cooldown starts now and any change the
    /// balancer had in flight there is forgotten.
    public mutating func noteUserChange(on miner: MinerRecord.ID, at now: UnixMillis) {
        var ledger = state.ledgers[miner] ?? MinerLedger(minerID: miner)
        ledger.pending = nil
        ledger.lastChangeAt = now
        state.ledgers[miner] = ledger
    }

    /// Marks the start of balancing in this process (see ``BalancerState/start(at:)``).
    public mutating func start(at time: UnixMillis) { state.start(at: time) }

    // MARK: Bookkeeping

    private mutating func register(_ action: BalancerAction, now: UnixMillis) {
        var ledger = state.ledgers[action.minerID] ?? MinerLedger(minerID: action.minerID)
        ledger.pending = PendingChange(
            action: action, issuedAt: now, settlesAt: now.adding(milliseconds: Int64(action.settleSeconds) * 1000))
        ledger.lastChangeAt = now
        state.ledgers[action.minerID] = ledger
    }

    mutating func noteFailure(_ ledger: inout MinerLedger, now: UnixMillis) {
        ledger.failures += 1
        if ledger.failures >= configuration.maxAttempts {
            ledger.quarantinedUntil = now.adding(milliseconds: Int64(configuration.quarantineSeconds) * 1000)
        }
    }

    private mutating func releaseQuarantines(now: UnixMillis) {
        for (id, ledger) in state.ledgers {
            guard let until = ledger.quarantinedUntil, until <= now else { continue }
            var released = ledger
            released.quarantinedUntil = nil
            released.failures = 0
            state.ledgers[id] = released
        }
    }

    private mutating func remember(_ views: [MinerView]) {
        for view in views where view.role == .flexible && !view.asleep && view.miner.state == .mining {
            guard view.miner.drawMeasured, let draw = view.miner.draw else { continue }
            var ledger = state.ledgers[view.miner.id] ?? MinerLedger(minerID: view.miner.id)
            ledger.awakeDraw = draw
            ledger.awakeSetting = view.miner.control?.current
            if let efficiency = view.efficiency { ledger.efficiency = efficiency }
            state.ledgers[view.miner.id] = ledger
        }
    }
}
