public import HiveProtocols

/// One miner with its newest status sample: a row of the fleet table, the unit the API lists,
/// filters and sorts.
public struct FleetRow: Sendable, Hashable {
    /// What the fleet summary counts a miner as. Every miner is exactly one of these.
    public enum Condition: String, Sendable, Hashable, CaseIterable {
        /// Reachable and not sleeping or failing.
        case online
        /// Not answering (its misses reached the limit).
        case offline
        /// Reachable and deliberately stopped.
        case sleeping
        /// Reachable, and the firmware reports a failure.
        case failing
    }

    /// The inventory record.
    public var miner: MinerRecord
    /// Its newest status sample, if any.
    public var status: StatusSample?

    /// Creates a row.
    public init(miner: MinerRecord, status: StatusSample?) {
        self.miner = miner
        self.status = status
    }

    /// The condition: offline first, then the latest sample's state.
    public var condition: Condition {
        guard miner.online else { return .offline }
        switch status?.state {
        case .sleeping: return .sleeping
        case .failure: return .failing
        default: return .online
        }
    }

    /// The hottest temperature reported: chip when known, else board.
    public var hottest: Celsius? { status?.chipTempMax ?? status?.boardTempMax }

    /// The miner's short label for people and metrics: its IP, else its stable uid.
    public var label: String { miner.ip ?? miner.uid }

    /// Joins miners with their newest samples (by miner id).
    public static func join(miners: [MinerRecord], statuses: [StatusSample]) -> [FleetRow] {
        var byMiner: [MinerRecord.ID: StatusSample] = [:]
        for sample in statuses {
            if let known = byMiner[sample.minerID], known.time >= sample.time { continue }
            byMiner[sample.minerID] = sample
        }
        return miners.map { FleetRow(miner: $0, status: byMiner[$0.id]) }
    }
}
