/// A change PowerHive asks a miner to make.
public enum MinerCommand: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Set a continuous power target.
    case setPowerTarget(Watts)
    /// Select a preset by name.
    case selectPreset(String)
    /// Select a coarse mode.
    case setMode(PowerMode.Kind)
    /// Stop hashing, keep the control board up.
    case sleep
    /// Resume hashing after `sleep`.
    case wake
    /// Reboot the miner.
    case reboot
    /// Turn the locate / fault light on or off.
    case locate(Bool)

    /// The capability a driver needs to carry out this command.
    public var requiredCapability: Capabilities {
        switch self {
        case .setPowerTarget: .powerTarget
        case .selectPreset: .presets
        case .setMode: .modes
        case .sleep, .wake: .sleep
        case .reboot: .reboot
        case .locate: .locate
        }
    }

    public var description: String {
        switch self {
        case .setPowerTarget(let w): "set power target \(w)"
        case .selectPreset(let name): "select preset \(name)"
        case .setMode(let kind): "set mode \(kind.rawValue)"
        case .sleep: "sleep"
        case .wake: "wake"
        case .reboot: "reboot"
        case .locate(let on): "locate \(on ? "on" : "off")"
        }
    }
}

/// What became of a command, after the driver read the miner's state back.
public struct CommandOutcome: Sendable, Hashable, Codable {
    /// The result.
    public enum Result: String, Sendable, Hashable, Codable {
        /// The miner reports the new setting.
        case verified
        /// The miner accepted the change but it is not effective yet (tuning, restart pending,
        /// or the firmware applies it after a delay). Read back again after `settleSeconds`.
        case pending
        /// The miner acknowledged the request but the read-back shows nothing changed.
        case notApplied
        /// The miner refused the request.
        case rejected
    }

    /// The result.
    public var result: Result
    /// The setting read back after the change, in words (e.g. "preset 1100", "mode low").
    public var readBack: String?
    /// A short explanation for an operator.
    public var detail: String?
    /// Seconds until the change should have settled (for `pending`).
    public var settleSeconds: Int?

    /// Creates an outcome.
    public init(result: Result, readBack: String? = nil, detail: String? = nil, settleSeconds: Int? = nil) {
        self.result = result
        self.readBack = readBack
        self.detail = detail
        self.settleSeconds = settleSeconds
    }

    /// The miner reports the new setting.
    public static func verified(_ readBack: String?, detail: String? = nil) -> CommandOutcome {
        CommandOutcome(result: .verified, readBack: readBack, detail: detail)
    }
}
