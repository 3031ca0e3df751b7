/// Where discovery records what it found: the seam between the scanner and the store.
///
/// ``FleetStoreInventory`` implements it over any ``FleetStore``; tests use an in-memory one.
public protocol DiscoveryInventory: Sendable {
    /// The addresses of the known miners, re-checked directly every cycle.
    func knownAddresses() async throws -> [String]

    /// Records a discovery run.
    ///
    /// - Parameters:
    ///   - result: What the run found.
    ///   - time: When.
    ///   - completeCycle: Whether the run re-checked every known miner. Only then does a
    ///     known miner missing from `result` count a miss (it goes offline after N misses in
    ///     a row); a partial run (a passive report) records sightings only.
    /// - Returns: What changed, for the cycle's log line.
    func apply(_ result: DiscoveryResult, at time: UnixMillis, completeCycle: Bool) async throws -> InventoryChanges
}

/// What recording a discovery run changed in the inventory.
public struct InventoryChanges: Sendable, Hashable {
    /// Miners never seen before.
    public var new: Int
    /// Known miners found at a different address.
    public var moved: Int
    /// Known miners that answered again after being offline.
    public var cameOnline: Int
    /// Known miners that did not answer this cycle (one more miss each).
    public var missed: Int
    /// Of those, the miners whose misses in a row reached the limit now.
    public var wentOffline: Int

    /// Creates a summary.
    public init(new: Int = 0, moved: Int = 0, cameOnline: Int = 0, missed: Int = 0, wentOffline: Int = 0) {
        self.new = new
        self.moved = moved
        self.cameOnline = cameOnline
        self.missed = missed
        self.wentOffline = wentOffline
    }
}
