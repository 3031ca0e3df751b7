/// The ``DiscoveryInventory`` over a ``FleetStore``.
///
/// Identified miners are upserted (the store applies the identity rules: a known MAC at a new
/// address moves the miner, a different MAC at a known address is a different miner). After
/// a complete cycle every miner that was not seen counts one miss, and goes offline only when
/// its misses in a row reach ``offlineAfter``: nothing is marked offline up front and then
/// "found again".
public struct FleetStoreInventory: DiscoveryInventory {
    /// The store.
    public let store: any FleetStore
    /// Misses in a row before a miner is offline (default 3).
    public let offlineAfter: Int

    /// Creates an inventory on `store`.
    public init(store: any FleetStore, offlineAfter: Int = 3) {
        self.store = store
        self.offlineAfter = offlineAfter
    }

    /// The current address of every miner that has one.
    public func knownAddresses() async throws -> [String] {
        try await store.miners().compactMap(\.ip)
    }

    /// Upserts the identified miners, then (after a complete cycle) counts a miss for every
    /// miner not among them.
    public func apply(
        _ result: DiscoveryResult, at time: UnixMillis, completeCycle: Bool
    ) async throws
        -> InventoryChanges
    {
        let discovered = result.miners.map {
            DiscoveredMiner(ip: $0.ip, driver: $0.driver, identity: $0.identity, seenAt: time)
        }
        let outcomes = discovered.isEmpty ? [] : try await store.upsert(discovered: discovered)
        var changes = InventoryChanges(
            new: outcomes.count { $0.kind == .new }, moved: outcomes.count { $0.kind == .moved },
            cameOnline: outcomes.count(where: \.cameOnline))
        guard completeCycle else { return changes }

        let seen = Set(outcomes.map(\.minerID))
        let missed = try await store.miners().map(\.id).filter { !seen.contains($0) }
        guard !missed.isEmpty else { return changes }
        let misses = try await store.recordMisses(missed, at: time, offlineAfter: offlineAfter)
        changes.missed = misses.count
        changes.wentOffline = misses.count(where: \.wentOffline)
        return changes
    }
}
