import NIOConcurrencyHelpers

/// A set of miner ids shared between a poller's cycles and its per-miner tasks.
final class MinerSet: Sendable {
    private let ids = NIOLockedValueBox(Set<MinerRecord.ID>())

    /// Adds `miner`.
    func insert(_ miner: MinerRecord.ID) {
        _ = ids.withLockedValue { $0.insert(miner) }
    }

    /// Removes `miner`.
    func remove(_ miner: MinerRecord.ID) {
        _ = ids.withLockedValue { $0.remove(miner) }
    }

    /// Whether `miner` is in the set.
    func contains(_ miner: MinerRecord.ID) -> Bool {
        ids.withLockedValue { $0.contains(miner) }
    }

    /// Keeps only the miners in `miners` (forgets removed ones).
    func retain(only miners: Set<MinerRecord.ID>) {
        ids.withLockedValue { $0.formIntersection(miners) }
    }
}
