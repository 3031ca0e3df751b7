public import HiveProtocols
import NIOConcurrencyHelpers

/// Each miner's ``PowerControl`` as last read from its driver, with the time of the read.
///
/// Shared by ``LiveFleetSnapshotProvider`` (which reads and fills it) and
/// ``LiveCommandExecutor`` (which drops a miner's entry after sending it a command, so the next
/// snapshot reads the new setting instead of trusting the old one).
public final class PowerControlCache: Sendable {
    /// One cached control.
    public struct Entry: Sendable, Hashable {
        /// The control as read.
        public var control: PowerControl
        /// When it was read.
        public var readAt: UnixMillis
    }

    private let entries = NIOLockedValueBox([MinerRecord.ID: Entry]())

    /// Creates an empty cache.
    public init() {}

    /// The entry of `miner`, if any.
    public func entry(_ miner: MinerRecord.ID) -> Entry? { entries.withLockedValue { $0[miner] } }

    /// Stores a fresh read.
    public func store(_ control: PowerControl, for miner: MinerRecord.ID, at time: UnixMillis) {
        entries.withLockedValue { $0[miner] = Entry(control: control, readAt: time) }
    }

    /// Forgets `miner`'s control (its setting changed).
    public func invalidate(_ miner: MinerRecord.ID) {
        _ = entries.withLockedValue { $0.removeValue(forKey: miner) }
    }

    /// Forgets every miner not in `miners`.
    public func retain(only miners: Set<MinerRecord.ID>) {
        entries.withLockedValue { $0 = $0.filter { miners.contains($0.key) } }
    }

    /// How many miners are cached.
    public var count: Int { entries.withLockedValue { $0.count } }
}
