public import HiveProtocols

/// Identifies one balancer action (and its audit entry): the cycle's time and a sequence number
/// within it, so identifiers stay unique across restarts without a stored counter.
public struct BalancerActionID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The cycle's wall time.
    public var time: UnixMillis
    /// Position within the cycle.
    public var sequence: Int

    /// Creates an identifier.
    public init(time: UnixMillis, sequence: Int) {
        self.time = time
        self.sequence = sequence
    }

    /// Orders by time, then sequence.
    public static func < (a: Self, b: Self) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }

    /// `<ms>-<sequence>`.
    public var description: String { "\(time.rawValue)-\(sequence)" }
}

/// One change the balancer decided on.
public struct BalancerAction: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether it lowers or raises the miner's draw.
    public enum Direction: String, Sendable, Hashable, Codable {
        /// Lowers draw (sent at once and in parallel).
        case cut
        /// Raises draw (sent in batches).
        case restore
    }

    /// The identifier (also the audit entry's).
    public var id: BalancerActionID
    /// The miner.
    public var minerID: MinerRecord.ID
    /// The miner's label at decision time.
    public var label: String
    /// The command to send.
    public var command: MinerCommand
    /// The setting before, when known.
    public var from: PowerControl.Setting?
    /// The setting after.
    public var to: PowerControl.Setting
    /// The draw counted before.
    public var fromWatts: Watts
    /// The draw expected once settled.
    public var expectedWatts: Watts
    /// Cut or restore.
    public var direction: Direction
    /// Why, for the audit log.
    public var reason: String
    /// Seconds until the change should have settled.
    public var settleSeconds: Int
    /// Whether it was chosen despite the miner's cooldown or a change in flight (emergency).
    public var overridesCooldown: Bool

    /// Creates an action.
    public init(
        id: BalancerActionID, minerID: MinerRecord.ID, label: String, command: MinerCommand,
        from: PowerControl.Setting?, to: PowerControl.Setting, fromWatts: Watts, expectedWatts: Watts,
        direction: Direction, reason: String, settleSeconds: Int, overridesCooldown: Bool = false
    ) {
        self.id = id
        self.minerID = minerID
        self.label = label
        self.command = command
        self.from = from
        self.to = to
        self.fromWatts = fromWatts
        self.expectedWatts = expectedWatts
        self.direction = direction
        self.reason = reason
        self.settleSeconds = settleSeconds
        self.overridesCooldown = overridesCooldown
    }

    /// Expected change in draw (negative for a cut).
    public var expectedDelta: Watts { expectedWatts - fromWatts }

    /// e.g. `#12 select preset 1100: preset 1500 → preset 1100, -400 W (over budget)`.
    public var description: String {
        "\(label) \(command): \(from.map(BalancerAction.describe) ?? "?") → \(BalancerAction.describe(to)), "
            + "\(expectedDelta) (\(reason))"
    }

    /// A setting in words (`preset 1100`, `1500 W`, `mode low`, `sleeping`).
    public static func describe(_ setting: PowerControl.Setting) -> String {
        switch setting {
        case .watts(let w): "\(w)"
        case .preset(let name): "preset \(name)"
        case .mode(let kind): "mode \(kind.rawValue)"
        case .sleeping: "sleeping"
        }
    }
}
