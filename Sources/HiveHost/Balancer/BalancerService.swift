import Foundation
import HiveProtocols
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Runs the balancer every `interval`: gathers the inputs, lets ``BalancerStateMachine`` decide,
/// carries out its actions and records everything.
///
/// A cycle: read back changes whose settle time has passed (the snapshot provider reads those
/// miners afresh), compute the budget from the newest usable plant reading (``BudgetPolicy``),
/// decide, save the state, then — in `active` mode — write each action to the audit log as
/// `sent`, send them all at once (at most `executionConcurrency` in flight; cuts and restores
/// never share a cycle), record each driver outcome in the state machine and the audit log, and
/// save the state again. `dry_run` writes the actions to the audit log as `dry_run` and sends
/// nothing; `monitoring_only` only computes the status.
///
/// Besides its fixed-rate schedule, the service runs an extra cycle at the moment the plant data
/// would go stale, so the fail-safe starts on time rather than up to one interval late.
public final class BalancerService: Service, Sendable {
    /// Settings.
    public struct Configuration: Sendable {
        /// Time between cycles.
        public var interval: Duration
        /// Delay before the first cycle.
        public var initialDelay: Duration
        /// The state machine's tuning.
        public var machine: BalancerStateMachine.Configuration
        /// How the budget is computed.
        public var budget: BudgetPolicy
        /// The configured mode. At start the more restrictive of it and the saved mode applies
        /// (`monitoring_only` > `dry_run` > `active`), so an operator's switch to monitoring
        /// survives a restart and a configured dry run cannot be overridden by old state.
        public var mode: BalancerMode
        /// Commands in flight at once.
        public var executionConcurrency: Int

        /// Creates settings.
        public init(
            interval: Duration = .seconds(60), initialDelay: Duration = .zero,
            machine: BalancerStateMachine.Configuration = .init(), budget: BudgetPolicy = BudgetPolicy(),
            mode: BalancerMode = .active, executionConcurrency: Int = 64
        ) {
            self.interval = interval
            self.initialDelay = initialDelay
            self.machine = machine
            self.budget = budget
            self.mode = mode
            self.executionConcurrency = max(1, executionConcurrency)
        }

        /// The settings from `balancer.*` and `intervals.balancer_seconds` (an unknown mode
        /// falls back to `monitoring_only`, an unknown budget source to `generation`).
        public init(_ config: PowerHiveConfig) {
            let balancer = config.balancer
            self.init(
                interval: .seconds(config.intervals.balancerSeconds),
                machine: BalancerStateMachine.Configuration(
                    deadband: .kilowatts(balancer.deadbandKW), cooldownSeconds: balancer.cooldownSeconds,
                    staleAfterSeconds: balancer.staleAfterSeconds,
                    failSafeLevel: balancer.failSafeKW.map(Watts.kilowatts),
                    restoreBatchSize: balancer.restoreBatchSize, maxAttempts: balancer.maxAttempts,
                    quarantineSeconds: balancer.quarantineSeconds, assumedSleepPower: Watts(balancer.assumedSleepW),
                    minimumChange: Watts(balancer.minChangeW), readBackGraceSeconds: balancer.readBackGraceSeconds),
                budget: BudgetPolicy(
                    source: balancer.budgetSource == "available" ? .available : .generation,
                    safetyMargin: balancer.safetyMargin, otherLoad: .kilowatts(balancer.otherLoadKW),
                    fixedCap: balancer.budgetSource == "fixed" ? balancer.fixedCapKW.map(Watts.kilowatts) : nil),
                mode: BalancerMode(configValue: balancer.mode) ?? .monitoringOnly)
        }
    }

    /// The settings.
    public let configuration: Configuration
    let fleet: any FleetSnapshotProvider
    let executor: any CommandExecutor
    let plant: any PlantReadingStore
    let store: any BalancerStore
    let timeline: Timeline
    let now: @Sendable () -> UnixMillis
    let logger: Logger
    let machine = NIOLockedValueBox<BalancerStateMachine?>(nil)
    let onCycle: (@Sendable (BalancerCycleReport) -> Void)?
    /// Whether this instance may balance now (several instances on one PostgreSQL database:
    /// ``PostgresLeaderElection``); `nil`: always.
    let leadership: (@Sendable () -> Bool)?

    /// Creates the service.
    /// - Parameters:
    ///   - fleet: The miners, each cycle.
    ///   - executor: Sends commands.
    ///   - plant: Where the plant poller stores readings.
    ///   - store: State and audit log.
    ///   - clock: Schedules cycles (a `ManualClock` in tests).
    ///   - now: Wall time for decisions and records.
    ///   - onCycle: Told about every completed cycle (the daemon's heartbeat).
    ///   - leadership: Asked before each scheduled cycle; while it answers `false` the service
    ///     skips cycles and forgets its state, so that on taking over it reloads what the previous
    ///     leader saved.
    public init(
        configuration: Configuration, fleet: any FleetSnapshotProvider, executor: any CommandExecutor,
        plant: any PlantReadingStore, store: any BalancerStore, clock: any Clock<Duration> = ContinuousClock(),
        now: (@Sendable () -> UnixMillis)? = nil, logger: Logger,
        onCycle: (@Sendable (BalancerCycleReport) -> Void)? = nil, leadership: (@Sendable () -> Bool)? = nil
    ) {
        self.leadership = leadership
        self.configuration = configuration
        self.fleet = fleet
        self.executor = executor
        self.plant = plant
        self.store = store
        timeline = Timeline(clock)
        self.now = now ?? { UnixMillis(Date()) }
        self.logger = logger
        self.onCycle = onCycle
    }

    /// The last cycle's status (`nil` before the first cycle).
    public var status: BalancerStatus? { machine.withLockedValue { $0?.state.lastStatus } }

    /// The current state (`nil` before it is loaded).
    public var state: BalancerState? { machine.withLockedValue { $0?.state } }

    /// Loads the saved state (once); called by the first cycle, or earlier by the daemon.
    public func prepare() async throws {
        guard machine.withLockedValue({ $0 == nil }) else { return }
        let saved = try await store.loadBalancerState()
        let startedAt = now()
        machine.withLockedValue { machine in
            guard machine == nil else { return }
            var state = saved ?? BalancerState(mode: configuration.mode)
            state.mode = Self.stricter(state.mode, configuration.mode)
            var fresh = BalancerStateMachine(configuration: configuration.machine, state: state)
            fresh.start(at: startedAt)
            machine = fresh
        }
    }

    /// Switches mode and saves the state.
    public func setMode(_ mode: BalancerMode) async throws {
        try await mutate { $0.setMode(mode) }
        logger.notice("balancer mode set to \(mode)")
    }

    /// Sets or clears the operator's budget override and saves the state.
    public func setOverride(_ override: BudgetOverride?) async throws {
        try await mutate { $0.setOverride(override) }
        logger.notice("balancer budget override \(override.map { "set to \($0.watts) by \($0.setBy)" } ?? "cleared")")
    }

    /// Records a change a user made by hand: an audit entry with the user as actor, and the
    /// miner's cooldown starts now so the balancer does not undo it at once.
    public func recordUserChange(_ entry: BalancerAuditEntry) async throws {
        try await mutate { $0.noteUserChange(on: entry.minerID, at: entry.time) }
        try await store.append(audit: [entry])
    }

    func mutate(_ body: (inout BalancerStateMachine) -> Void) async throws {
        try await prepare()
        let state = machine.withLockedValue { machine -> BalancerState? in
            guard var current = machine else { return nil }
            body(&current)
            machine = current
            return current.state
        }
        if let state { try await store.save(balancerState: state) }
    }

    private static func stricter(_ a: BalancerMode, _ b: BalancerMode) -> BalancerMode {
        let rank: [BalancerMode: Int] = [.active: 0, .dryRun: 1, .monitoringOnly: 2]
        return (rank[a] ?? 2) >= (rank[b] ?? 2) ? a : b
    }
}
