public import HiveProtocols

/// What an operator allows the balancer to do with one miner (resolved per miner from its
/// own settings and its model's: see `Docs/BalancerStorage.md`).
public struct MinerPolicy: Sendable, Hashable, Codable {
    /// Whether PowerHive may change the miner at all (`MinerRecord.managed`).
    public var managed: Bool
    /// Held where it is: counted, never changed.
    public var locked: Bool
    /// Higher keeps power longer: shed after, and restored before, lower priorities.
    public var priority: Int
    /// Never planned below this draw (sleep is still allowed unless `allowSleep` is false).
    public var minWatts: Watts?
    /// Never planned above this draw.
    public var maxWatts: Watts?
    /// Whether sleep may be used.
    public var allowSleep: Bool
    /// Whether presets the firmware reports as untuned may be chosen (selecting one starts a
    /// long auto-tune).
    public var allowUntunedPresets: Bool
    /// Whether presets needing a modified PSU may be chosen.
    public var allowModdedPSU: Bool

    /// Creates a policy; the defaults are a managed, unlocked miner with no extra limits.
    public init(
        managed: Bool = true, locked: Bool = false, priority: Int = 0, minWatts: Watts? = nil, maxWatts: Watts? = nil,
        allowSleep: Bool = true, allowUntunedPresets: Bool = false, allowModdedPSU: Bool = false
    ) {
        self.managed = managed
        self.locked = locked
        self.priority = priority
        self.minWatts = minWatts
        self.maxWatts = maxWatts
        self.allowSleep = allowSleep
        self.allowUntunedPresets = allowUntunedPresets
        self.allowModdedPSU = allowModdedPSU
    }

    /// A miner PowerHive must not touch.
    public static let unmanaged = MinerPolicy(managed: false)

    /// Whether `watts` is within `minWatts…maxWatts`.
    func allows(_ watts: Watts) -> Bool {
        if let minWatts, watts < minWatts { return false }
        if let maxWatts, watts > maxWatts { return false }
        return true
    }
}
