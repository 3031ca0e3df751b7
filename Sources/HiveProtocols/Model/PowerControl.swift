/// How a miner's power draw can be controlled, as the balancer needs to know it.
public struct PowerControl: Sendable, Hashable, Codable {
    /// The control mechanism.
    public enum Mechanism: Sendable, Hashable, Codable {
        /// A power target in watts anywhere in `min...max`, in multiples of `step`.
        case continuous(min: Watts, max: Watts, step: Watts)
        /// A ladder of named presets (ordered by power, lowest first).
        case presets([PowerPreset])
        /// Coarse modes such as normal / low / high (ordered by power, lowest first).
        case modes([PowerMode])
        /// No power control beyond, at most, sleep.
        case none
    }

    /// The mechanism.
    public var mechanism: Mechanism
    /// The current target / preset / mode as the firmware reports it.
    public var current: Setting?
    /// Whether the miner can be put to sleep (and woken) as a large fast step.
    public var canSleep: Bool
    /// Power drawn while sleeping, when known.
    public var sleepPower: Watts?
    /// How long after a change until power has settled (firmware-specific).
    public var settleSeconds: Int
    /// Whether changing the setting stops hashing for a while (e.g. Whatsminer restarts on a
    /// power-limit change), so the balancer prefers other tools.
    public var interruptsHashing: Bool

    /// Creates a power-control description.
    public init(
        mechanism: Mechanism, current: Setting? = nil, canSleep: Bool, sleepPower: Watts? = nil,
        settleSeconds: Int, interruptsHashing: Bool = false
    ) {
        self.mechanism = mechanism
        self.current = current
        self.canSleep = canSleep
        self.sleepPower = sleepPower
        self.settleSeconds = settleSeconds
        self.interruptsHashing = interruptsHashing
    }

    /// A current setting.
    public enum Setting: Sendable, Hashable, Codable {
        /// A power target in watts.
        case watts(Watts)
        /// A preset by name.
        case preset(String)
        /// A mode.
        case mode(PowerMode.Kind)
        /// Asleep.
        case sleeping
    }
}

/// One step of a preset ladder.
public struct PowerPreset: Sendable, Hashable, Codable {
    /// Name the firmware uses to select it.
    public var name: String
    /// Human label, as the firmware shows it.
    public var label: String?
    /// Expected power draw; `nil` when unknown (such a preset is never chosen by the balancer).
    public var watts: Watts?
    /// Expected hash rate.
    public var hashrate: HashRate?
    /// Whether the firmware says this preset has been tuned on this machine.
    public var tuned: Bool
    /// Whether this preset means stock clocks (full power), e.g. VNish "disabled".
    public var isStock: Bool
    /// Whether the preset needs a modified PSU.
    public var requiresModdedPSU: Bool

    /// Creates a preset.
    public init(
        name: String, label: String? = nil, watts: Watts? = nil, hashrate: HashRate? = nil, tuned: Bool = true,
        isStock: Bool = false, requiresModdedPSU: Bool = false
    ) {
        self.name = name
        self.label = label
        self.watts = watts
        self.hashrate = hashrate
        self.tuned = tuned
        self.isStock = isStock
        self.requiresModdedPSU = requiresModdedPSU
    }
}

/// A coarse power mode.
public struct PowerMode: Sendable, Hashable, Codable {
    /// The kinds of mode firmwares offer.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Low-power / eco mode.
        case low
        /// Normal (stock) mode.
        case normal
        /// High-performance mode.
        case high
        /// Sleep / idle mode.
        case sleep
    }

    /// The kind.
    public var kind: Kind
    /// Expected power draw in this mode, when known.
    public var watts: Watts?
    /// Expected hash rate in this mode, when known.
    public var hashrate: HashRate?

    /// Creates a mode.
    public init(kind: Kind, watts: Watts? = nil, hashrate: HashRate? = nil) {
        self.kind = kind
        self.watts = watts
        self.hashrate = hashrate
    }
}
