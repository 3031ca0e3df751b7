import HiveProtocols
import NIOConcurrencyHelpers

/// A ``BalancerStore`` in memory, for tests and the balance simulation.
public final class InMemoryBalancerStore: BalancerStore {
    private struct Contents {
        var state: BalancerState?
        var entries: [BalancerActionID: BalancerAuditEntry] = [:]
        var saves = 0
    }

    private let contents: NIOLockedValueBox<Contents>

    /// Creates a store, optionally holding a saved state.
    public init(state: BalancerState? = nil) {
        contents = NIOLockedValueBox(Contents(state: state))
    }

    /// The saved state.
    public func loadBalancerState() async throws -> BalancerState? { contents.withLockedValue { $0.state } }

    /// Replaces the saved state.
    public func save(balancerState: BalancerState) async throws {
        contents.withLockedValue {
            $0.state = balancerState
            $0.saves += 1
        }
    }

    /// Appends (or replaces) entries.
    public func append(audit: [BalancerAuditEntry]) async throws {
        contents.withLockedValue { contents in
            for entry in audit { contents.entries[entry.id] = entry }
        }
    }

    /// Updates existing entries.
    public func update(audit: [BalancerAuditUpdate]) async throws {
        contents.withLockedValue { contents in
            for update in audit {
                guard var entry = contents.entries[update.id] else { continue }
                entry.outcome = update.outcome
                entry.detail = update.detail ?? entry.detail
                entry.observedDelta = update.observedDelta ?? entry.observedDelta
                entry.updatedAt = update.at
                contents.entries[update.id] = entry
            }
        }
    }

    /// Entries in `from..<to`, oldest first.
    public func auditEntries(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int?
    ) async throws
        -> [BalancerAuditEntry]
    {
        contents.withLockedValue { contents in
            let matching = contents.entries.values
                .filter { $0.time >= from && $0.time < to && (miner == nil || $0.minerID == miner) }
                .sorted { $0.id < $1.id }
            return limit.map { Array(matching.prefix(max(0, $0))) } ?? matching
        }
    }

    /// Every entry, oldest first (tests).
    public var allEntries: [BalancerAuditEntry] {
        contents.withLockedValue { $0.entries.values.sorted { $0.id < $1.id } }
    }

    /// How often the state was saved (tests).
    public var saveCount: Int { contents.withLockedValue { $0.saves } }
}
