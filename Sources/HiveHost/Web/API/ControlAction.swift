import HiveProtocols

/// An operator's request to change one miner, as the API and the dashboard's forms accept it:
/// `{"action": "locate_on|locate_off|sleep|wake|reboot|set_power_target|select_preset|set_mode|
/// managed_on|managed_off", "watts": …, "preset": …, "mode": …}`.
enum ControlAction: Sendable, Hashable {
    /// A command for the miner's driver.
    case command(MinerCommand)
    /// Whether PowerHive may change the miner (stored, not sent).
    case managed(Bool)

    static let names = [
        "locate_on", "locate_off", "sleep", "wake", "reboot", "set_power_target", "select_preset", "set_mode",
        "managed_on", "managed_off",
    ]

    /// Parses a request body (JSON or form values as JSON strings and numbers).
    init(_ body: [String: JSONValue]) throws(APIError) {
        let name = try RequestInput.string(body, "action", maxLength: 40)
        switch name {
        case "locate_on": self = .command(.locate(true))
        case "locate_off": self = .command(.locate(false))
        case "sleep": self = .command(.sleep)
        case "wake": self = .command(.wake)
        case "reboot": self = .command(.reboot)
        case "managed_on": self = .managed(true)
        case "managed_off": self = .managed(false)
        case "set_power_target":
            guard let watts = try RequestInput.number(body, "watts", in: 1...100_000) else {
                throw .invalid("watts", "required for set_power_target")
            }
            self = .command(.setPowerTarget(Watts(watts)))
        case "select_preset":
            guard let preset = try RequestInput.optionalString(body, "preset", maxLength: 64) else {
                throw .invalid("preset", "required for select_preset")
            }
            self = .command(.selectPreset(preset))
        case "set_mode":
            guard let mode = try RequestInput.optionalString(body, "mode", maxLength: 16) else {
                throw .invalid("mode", "required for set_mode")
            }
            guard let kind = PowerMode.Kind(rawValue: mode) else {
                throw .invalid("mode", "one of \(PowerMode.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = .command(.setMode(kind))
        default:
            throw .invalid("action", "one of \(Self.names.joined(separator: ", "))")
        }
    }

    /// The action's name as accepted.
    var name: String {
        switch self {
        case .managed(let on): on ? "managed_on" : "managed_off"
        case .command(let command):
            switch command {
            case .locate(let on): on ? "locate_on" : "locate_off"
            case .sleep: "sleep"
            case .wake: "wake"
            case .reboot: "reboot"
            case .setPowerTarget: "set_power_target"
            case .selectPreset: "select_preset"
            case .setMode: "set_mode"
            }
        }
    }

    /// Non-secret parameters for the audit log.
    var parameters: [String: String] {
        switch self {
        case .command(.setPowerTarget(let watts)): ["watts": PrometheusText.format(watts.value)]
        case .command(.selectPreset(let preset)): ["preset": preset]
        case .command(.setMode(let kind)): ["mode": kind.rawValue]
        default: [:]
        }
    }
}
