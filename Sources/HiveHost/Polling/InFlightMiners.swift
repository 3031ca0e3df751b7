import NIOConcurrencyHelpers

/// Miners with a poll task still running, so the next cycle skips them instead of queueing a
/// second request behind the first.
final class InFlightMiners: Sendable {
    private let ids = NIOLockedValueBox(Set<MinerRecord.ID>())

    /// Claims `miner`; `false` when it is already in flight.
    func claim(_ miner: MinerRecord.ID) -> Bool {
        ids.withLockedValue { $0.insert(miner).inserted }
    }

    /// Releases `miner`.
    func release(_ miner: MinerRecord.ID) {
        _ = ids.withLockedValue { $0.remove(miner) }
    }

    /// Whether `miner` is in flight.
    func contains(_ miner: MinerRecord.ID) -> Bool {
        ids.withLockedValue { $0.contains(miner) }
    }

    /// How many miners are in flight.
    var count: Int { ids.withLockedValue { $0.count } }
}
