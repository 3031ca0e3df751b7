import HiveProtocols

/// The stock firmware's work mode, as `get_miner_conf.cgi` reports it in `bitmain-work-mode`
/// ("0" normal, "1" sleep, "3" low; some models add "2", e.g. HEM on the S19k Pro).
enum AntminerWorkMode: Int, Sendable, Hashable {
    case normal = 0
    case sleep = 1
    case low = 3

    /// Reads the mode from a `get_miner_conf.cgi` reply: `bitmain-work-mode` (string or number),
    /// else `miner-mode`. `nil` when absent, empty, or a code this driver does not model.
    init?(conf: JSONValue) {
        let raw =
            conf["bitmain-work-mode"].flatMap(AntminerWorkMode.code)
            ?? conf["miner-mode"].flatMap(AntminerWorkMode.code)
        guard let raw, let mode = AntminerWorkMode(rawValue: raw) else { return nil }
        self = mode
    }

    /// The mode a command asks for.
    init?(command: MinerCommand) {
        switch command {
        case .setMode(.normal), .wake: self = .normal
        case .setMode(.low): self = .low
        case .setMode(.sleep), .sleep: self = .sleep
        default: return nil
        }
    }

    private static func code(_ value: JSONValue) -> Int? {
        if case .string(let text) = value, text.allSatisfy(\.isWhitespace) { return nil }
        return value.int
    }

    /// The mode kind PowerHive uses.
    var kind: PowerMode.Kind {
        switch self {
        case .normal: .normal
        case .sleep: .sleep
        case .low: .low
        }
    }

    /// The current-setting form for `PowerControl`.
    var setting: PowerControl.Setting {
        self == .sleep ? .sleeping : .mode(kind)
    }

    /// Words for `CommandOutcome.readBack`.
    var readBack: String { "mode \(kind.rawValue)" }

    /// Share of normal-mode power drawn in this mode (low mode is roughly 70 %).
    var powerFactor: Double {
        switch self {
        case .normal: 1
        case .low: 0.7
        case .sleep: 0
        }
    }

    /// Estimated wall power of a sleeping machine (control board and idle fans).
    static let sleepWatts = Watts(15)
}
