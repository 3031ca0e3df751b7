import HiveHost

/// A `DiscoveryInventory` in memory that records every call, for service tests.
actor InMemoryInventory: DiscoveryInventory {
    struct Applied: Sendable {
        var result: DiscoveryResult
        var time: UnixMillis
        var completeCycle: Bool
    }

    struct Unavailable: Error {}

    private(set) var known: [String]
    private(set) var applied: [Applied] = []
    private var failuresLeft: Int
    private let onApply: @Sendable () -> Void
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// - Parameters:
    ///   - failing: How many `knownAddresses()` calls throw first.
    ///   - onApply: Runs inside every `apply` (e.g. to move a manual clock: a slow cycle).
    init(known: [String] = [], failing: Int = 0, onApply: @escaping @Sendable () -> Void = {}) {
        self.known = known
        self.failuresLeft = failing
        self.onApply = onApply
    }

    func knownAddresses() throws -> [String] {
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw Unavailable()
        }
        return known
    }

    func apply(_ result: DiscoveryResult, at time: UnixMillis, completeCycle: Bool) -> InventoryChanges {
        onApply()
        applied.append(Applied(result: result, time: time, completeCycle: completeCycle))
        let new = result.miners.map(\.ip).filter { !known.contains($0) }
        known += new
        let ready = waiters.filter { $0.count <= applied.count }
        waiters.removeAll { $0.count <= applied.count }
        for waiter in ready { waiter.continuation.resume() }
        return InventoryChanges(new: new.count)
    }

    /// Returns once `count` results have been applied.
    func waitForApplies(_ count: Int) async {
        if applied.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }
}
