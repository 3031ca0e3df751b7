import NIOConcurrencyHelpers

/// The heartbeat of every long-running loop, for `/healthz`.
///
/// Each loop registers once with its interval and calls ``tick(_:)`` after every completed
/// cycle. A loop that has not completed a cycle for `staleAfterIntervals` intervals (3 by
/// default) — counted from its registration when it never ticked — is reported stale, and
/// `/healthz` answers 503.
public final class LoopHealth: Sendable {
    /// One loop's state.
    public struct Status: Sendable, Hashable {
        /// The loop's name (`status`, `telemetry`, `discovery`, `plant`, `balancer`, `retention`).
        public var name: String
        /// Its cycle interval.
        public var interval: Duration
        /// When it registered.
        public var registeredAt: UnixMillis
        /// When it last completed a cycle.
        public var lastTick: UnixMillis?
        /// Completed cycles.
        public var ticks: Int
        /// Whether it is overdue.
        public var stale: Bool
        /// Milliseconds since the last tick (or since registration).
        public var silentForMs: Int64
    }

    private struct Entry {
        var interval: Duration
        var registeredAt: UnixMillis
        var lastTick: UnixMillis?
        var ticks: Int
    }

    private let entries = NIOLockedValueBox([String: Entry]())
    private let now: @Sendable () -> UnixMillis
    private let staleAfterIntervals: Int

    /// Creates an empty registry reading time from `now`.
    public init(staleAfterIntervals: Int = 3, now: @escaping @Sendable () -> UnixMillis) {
        self.staleAfterIntervals = max(1, staleAfterIntervals)
        self.now = now
    }

    /// Registers (or re-registers with a new interval) a loop.
    public func register(_ name: String, interval: Duration) {
        let time = now()
        entries.withLockedValue { entries in
            if var entry = entries[name] {
                entry.interval = interval
                entries[name] = entry
            } else {
                entries[name] = Entry(interval: interval, registeredAt: time, lastTick: nil, ticks: 0)
            }
        }
    }

    /// Records a completed cycle. An unregistered name registers itself with a one-minute interval.
    public func tick(_ name: String) {
        let time = now()
        entries.withLockedValue { entries in
            var entry = entries[name] ?? Entry(interval: .seconds(60), registeredAt: time, lastTick: nil, ticks: 0)
            entry.lastTick = time
            entry.ticks += 1
            entries[name] = entry
        }
    }

    /// Every loop's state, by name.
    public func statuses() -> [Status] {
        let time = now()
        return entries.withLockedValue { entries in
            entries.map { name, entry in
                let since = entry.lastTick ?? entry.registeredAt
                let silent = time.rawValue - since.rawValue
                let allowed = Self.milliseconds(entry.interval) * Int64(staleAfterIntervals)
                return Status(
                    name: name, interval: entry.interval, registeredAt: entry.registeredAt, lastTick: entry.lastTick,
                    ticks: entry.ticks, stale: silent > allowed, silentForMs: silent)
            }.sorted { $0.name < $1.name }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// A cheap check that the database is open and accepts writes, for `/healthz` and `/readyz`.
public protocol DatabaseProbe: Sendable {
    /// Performs a small write; throws when the database cannot be written.
    func checkWritable(at time: UnixMillis) async throws
    /// Performs a small read; throws when the database cannot be read.
    func checkReadable() async throws
}
