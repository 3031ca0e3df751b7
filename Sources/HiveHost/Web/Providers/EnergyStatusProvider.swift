/// What the Energy page and API show of the plant poller and the balancer.
///
/// ``StoredEnergyStatus`` implements it over the plant and balancer stores; the daemon may wire
/// something that also reads the running balancer.
public protocol EnergyStatusProvider: Sendable {
    /// The newest plant reading of any outcome.
    func latestPlantReading() async throws -> PlantReadingRecord?

    /// The newest plant reading the balancer may use.
    func latestUsablePlantReading() async throws -> PlantReadingRecord?

    /// Plant readings with `from <= receivedAt < to`, oldest first, at most `limit`.
    func plantReadings(from: UnixMillis, to: UnixMillis, limit: Int) async throws -> [PlantReadingRecord]

    /// The balancer's saved state (mode, override, fail-safe, pending changes, last status);
    /// `nil` before its first cycle or when it is disabled.
    func balancerState() async throws -> BalancerState?

    /// Balancer audit entries with `from <= time < to`, of one miner or all, oldest first.
    func balancerAudit(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int
    ) async throws
        -> [BalancerAuditEntry]
}

/// Lets an operator replace the computed power budget for a while (or clear the override).
/// The daemon implements it by handing the override to the running balancer.
public protocol BudgetOverrideController: Sendable {
    /// Sets (`nil`: clears) the override.
    func setOverride(_ override: BudgetOverride?) async throws
}

/// An ``EnergyStatusProvider`` reading the plant readings store and the balancer store.
public struct StoredEnergyStatus: EnergyStatusProvider {
    private let plant: any PlantReadingStore
    private let balancer: (any BalancerStore)?

    /// Creates the provider; without a balancer store, balancer figures are absent.
    public init(plant: any PlantReadingStore, balancer: (any BalancerStore)?) {
        self.plant = plant
        self.balancer = balancer
    }

    /// The newest plant reading.
    public func latestPlantReading() async throws -> PlantReadingRecord? {
        try await plant.latestPlantReading()
    }

    /// The newest usable plant reading.
    public func latestUsablePlantReading() async throws -> PlantReadingRecord? {
        try await plant.latestUsablePlantReading()
    }

    /// Plant readings in `from..<to`.
    public func plantReadings(from: UnixMillis, to: UnixMillis, limit: Int) async throws -> [PlantReadingRecord] {
        try await plant.plantReadings(from: from, to: to, limit: limit)
    }

    /// The balancer's saved state.
    public func balancerState() async throws -> BalancerState? {
        try await balancer?.loadBalancerState()
    }

    /// Balancer audit entries in `from..<to`.
    public func balancerAudit(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int
    ) async throws
        -> [BalancerAuditEntry]
    {
        try await balancer?.auditEntries(miner: miner, from: from, to: to, limit: limit) ?? []
    }
}
