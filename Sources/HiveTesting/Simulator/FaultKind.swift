/// A way a simulated miner misbehaves.
public enum FaultKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Accepts connections and reads requests, but never answers.
    case hung
    /// Answers, but only after ``FaultSettings/slowDelay`` of real time.
    case slow
    /// Answers with malformed or truncated JSON.
    case garbage
    /// Its ports are closed (nothing is bound), as for an unplugged miner.
    case refuse
    /// Rejects the configured credentials (digest 401, VNish unlock refused, API keys refused).
    case auth
    /// Goes offline and comes back on a schedule of the injected clock.
    case flap
    /// Reappears, same MAC, at another address of the range after ``FaultSettings/moveAfter``.
    case move

    public var description: String { rawValue }
}

/// Parameters of the fault kinds.
public struct FaultSettings: Sendable, Hashable {
    /// How long a `slow` miner waits before answering (real time: this is socket behaviour).
    public var slowDelay: Duration
    /// How long a `flap` miner stays reachable in each cycle (clock time).
    public var flapOnline: Duration
    /// How long a `flap` miner stays unreachable in each cycle (clock time).
    public var flapOffline: Duration
    /// When (clock time since start) a `move` miner leaves its first address for its second.
    public var moveAfter: Duration

    /// Creates fault settings.
    public init(
        slowDelay: Duration = .seconds(3), flapOnline: Duration = .seconds(90), flapOffline: Duration = .seconds(30),
        moveAfter: Duration = .seconds(120)
    ) {
        self.slowDelay = slowDelay
        self.flapOnline = flapOnline
        self.flapOffline = flapOffline
        self.moveAfter = moveAfter
    }
}
