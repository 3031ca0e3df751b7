/// Whose samples a rollup summarises.
public enum RollupScope: Sendable, Hashable, Comparable {
    /// The whole fleet: sums over miners per poll, then summarised over the bucket.
    case fleet
    /// One miner.
    case miner(MinerRecord.ID)

    /// The integer a store keys it by: 0 for the fleet (miner ids start at 1).
    public var storageKey: Int64 {
        switch self {
        case .fleet: 0
        case .miner(let id): id.rawValue
        }
    }

    /// The scope for a stored key.
    public init(storageKey: Int64) {
        self = storageKey == 0 ? .fleet : .miner(MinerRecord.ID(storageKey))
    }

    /// Fleet first, then miners by id.
    public static func < (a: RollupScope, b: RollupScope) -> Bool { a.storageKey < b.storageKey }
}
