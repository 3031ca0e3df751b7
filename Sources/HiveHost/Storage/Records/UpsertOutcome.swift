/// What ``FleetStore/upsert(discovered:)`` did with one discovered miner, so discovery can log
/// "3 new, 1 moved" and react to moves and take-overs.
public struct UpsertOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The kind of change.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A miner the store had never seen.
        case new
        /// A known miner answered at a different address.
        case moved
        /// A known miner at its known address, with changed details (firmware, hostname, a
        /// newly learnt MAC...).
        case updated
        /// A known miner, nothing changed but the last-seen time.
        case unchanged
    }

    /// The miner the discovery result now belongs to.
    public var minerID: MinerRecord.ID
    /// Its stable identity after the upsert.
    public var uid: String
    /// What happened.
    public var kind: Kind
    /// The address it had before, for `moved`.
    public var previousIP: String?
    /// Whether it was offline before this sighting.
    public var cameOnline: Bool
    /// Miners that lost this address because a different machine now answers there.
    public var displaced: [MinerRecord.ID]
    /// A provisional (IP-only) miner that turned out to be this one and was merged into it,
    /// its history moved over.
    public var merged: MinerRecord.ID?

    /// Creates an outcome.
    public init(
        minerID: MinerRecord.ID, uid: String, kind: Kind, previousIP: String? = nil, cameOnline: Bool = false,
        displaced: [MinerRecord.ID] = [], merged: MinerRecord.ID? = nil
    ) {
        self.minerID = minerID
        self.uid = uid
        self.kind = kind
        self.previousIP = previousIP
        self.cameOnline = cameOnline
        self.displaced = displaced
        self.merged = merged
    }

    /// e.g. `#12 moved from 10.0.0.5`.
    public var description: String {
        var text = "\(minerID) \(kind.rawValue)"
        if kind == .moved, let previousIP { text += " from \(previousIP)" }
        if let merged { text += ", merged \(merged)" }
        if !displaced.isEmpty { text += ", displaced \(displaced.map(\.description).joined(separator: " "))" }
        return text
    }

    /// A one-line count of outcomes, e.g. `3 new, 1 moved, 40 unchanged, 1 merged`; kinds with
    /// no outcome are left out; `nothing` for an empty list.
    public static func summary(_ outcomes: some Sequence<UpsertOutcome>) -> String {
        var counts: [Kind: Int] = [:]
        var merged = 0
        var displaced = 0
        for outcome in outcomes {
            counts[outcome.kind, default: 0] += 1
            if outcome.merged != nil { merged += 1 }
            displaced += outcome.displaced.count
        }
        var parts = Kind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }
        if merged > 0 { parts.append("\(merged) merged") }
        if displaced > 0 { parts.append("\(displaced) displaced") }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}

/// What ``FleetStore/recordMisses(_:at:offlineAfter:)`` did with one miner.
public struct MissOutcome: Sendable, Hashable {
    /// The miner.
    public var minerID: MinerRecord.ID
    /// Polls missed in a row, this one included.
    public var consecutiveMisses: Int
    /// Whether this miss crossed the threshold and marked the miner offline.
    public var wentOffline: Bool

    /// Creates an outcome.
    public init(minerID: MinerRecord.ID, consecutiveMisses: Int, wentOffline: Bool) {
        self.minerID = minerID
        self.consecutiveMisses = consecutiveMisses
        self.wentOffline = wentOffline
    }
}
