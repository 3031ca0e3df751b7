import Foundation
import HiveProtocols

/// Turns LUXminer replies (CGMiner API on port 4028) into PowerHive values. Pure.
///
/// Shapes follow `firmware-samples/luxos/v1/*` (LUXminer 2025.4.8 on an Antminer S19k Pro):
/// `version` (`VERSION[0].LUXminer`, `Type`), `config` (`CONFIG[0]`: `MACAddr`, `SerialNumber`,
/// `Hostname`, `Model`, `Profile`, `CurtailMode`, `IsAtmEnabled`, `RedLed`, `SystemStatus`),
/// `summary` (`GHS 5s`, `GHS av`, `Elapsed`), `stats` (`total_rateideal` with `rate_unit`),
/// `devs` (per board, MH/s, `IsRamping`), `power` (`POWER[0].Watts`), `temps` (four PCB sensors
/// per board), `fans`, `pools`.
enum LuxOSReader {
    /// Trimmed non-empty text of a value (numbers rendered), else `nil`.
    static func text(_ value: JSONValue?) -> String? {
        guard let raw = value?.string else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The LUXminer version: `VERSION[0].LUXminer`, else the `STATUS` description
    /// "LUXminer <version>"; `nil` when the reply is not LUXminer's.
    static func firmwareVersion(_ version: JSONValue?) -> String? {
        if let own = text(version?["VERSION"]?[0]?["LUXminer"]) { return own }
        guard let description = text(version?["STATUS"]?[0]?["Description"]),
            description.lowercased().hasPrefix("luxminer ")
        else { return nil }
        return text(.string(String(description.dropFirst("luxminer ".count))))
    }

    /// The model, `VERSION[0].Type` (e.g. "Antminer S19k Pro").
    static func model(_ version: JSONValue?) -> String? { text(version?["VERSION"]?[0]?["Type"]) }

    /// The manufacturer a model name implies (LuxOS runs on Antminers).
    static func make(ofModel model: String?) -> String? {
        model?.lowercased().contains("antminer") == true ? "Bitmain" : nil
    }

    /// `CONFIG[0]`.
    static func config(_ reply: JSONValue?) -> JSONValue? { reply?["CONFIG"]?[0] }

    /// Make, model, LUXminer version, MAC, serial and hostname from `version` and `config`.
    static func identity(version: JSONValue, config reply: JSONValue?) -> MinerIdentity {
        let config = config(reply)
        let model = text(config?["Model"]) ?? model(version)
        return MinerIdentity(
            make: make(ofModel: model), model: model, firmware: "LuxOS", firmwareVersion: firmwareVersion(version),
            mac: text(config?["MACAddr"]), serial: text(config?["SerialNumber"]), hostname: text(config?["Hostname"]))
    }

    // MARK: Settings in `config`

    /// The active profile, `CONFIG[0].Profile`.
    static func currentProfile(_ reply: JSONValue?) -> String? { text(config(reply)?["Profile"]) }

    /// `CONFIG[0].CurtailMode` ("None" while not curtailed).
    static func curtailMode(_ reply: JSONValue?) -> String? { text(config(reply)?["CurtailMode"]) }

    /// Whether `curtail sleep` is in force: a curtail mode other than "None".
    static func isCurtailed(_ reply: JSONValue?) -> Bool {
        guard let mode = curtailMode(reply) else { return false }
        return mode.lowercased() != "none"
    }

    /// `CONFIG[0].IsAtmEnabled` (Advanced Thermal Management steps profiles by temperature).
    static func isAtmEnabled(_ reply: JSONValue?) -> Bool? { config(reply)?["IsAtmEnabled"]?.bool }

    /// Whether the red LED is lit on command (`RedLed` "blink" or "on"; "auto" and "off" are
    /// not); `nil` when `config` does not say.
    static func isLocating(_ reply: JSONValue?) -> Bool? {
        guard let led = text(config(reply)?["RedLed"])?.lowercased() else { return nil }
        return led == "blink" || led == "on"
    }

    /// The summary's 5-second hash rate (GH/s).
    static func realtime(_ summary: JSONValue?) -> HashRate? {
        summary?["SUMMARY"]?[0]?["GHS 5s"]?.double.flatMap { HashRate.parse($0, unit: "GH") }
    }

    /// Whether the boards hash (summary `GHS 5s` above zero).
    static func isHashing(_ summary: JSONValue?) -> Bool { (realtime(summary)?.value ?? 0) > 0 }

    /// Whether any board is ramping to a new frequency and voltage (`devs` `IsRamping`).
    static func isRamping(_ devs: JSONValue?) -> Bool {
        (devs?["DEVS"]?.array ?? []).contains { $0["IsRamping"]?.bool == true }
    }

    // MARK: Status

    /// The replies `status()` reads.
    struct StatusReplies: Sendable {
        var summary: JSONValue
        var stats: JSONValue?
        var devs: JSONValue?
        var pools: JSONValue?
        var power: JSONValue?
        var temps: JSONValue?
        var fans: JSONValue?
        var config: JSONValue?
    }

    /// State, hash rates, measured power, profile, board temperatures, fans, pools, messages.
    ///
    /// State: curtailed → `.sleeping`; a board ramping → `.tuning`; hashing → `.mining`; up for
    /// less than ten minutes → `.starting`; otherwise `.unknown`. LuxOS reports hashboard (PCB)
    /// temperatures only, so the chip temperatures stay `nil`.
    static func status(_ replies: StatusReplies) -> MinerStatus {
        let summary = replies.summary["SUMMARY"]?[0]
        let realtime = realtime(replies.summary)
        let elapsed = summary?["Elapsed"]?.int
        let state: MinerStatus.State
        if isCurtailed(replies.config) {
            state = .sleeping
        } else if isRamping(replies.devs) {
            state = .tuning
        } else if let realtime, realtime.value > 0 {
            state = .mining
        } else if let elapsed, elapsed < 600 {
            state = .starting
        } else {
            state = .unknown
        }
        let temps = (replies.temps?["TEMPS"]?.array ?? []).flatMap(sensors)
        return MinerStatus(
            state: state, hashrateRealtime: realtime,
            hashrateAverage: summary?["GHS av"]?.double.flatMap { HashRate.parse($0, unit: "GH") },
            hashrateNominal: nominal(replies.stats), power: Watts.finite(replies.power?["POWER"]?[0]?["Watts"]?.double),
            powerSource: .measured, powerPreset: currentProfile(replies.config), boardTempMin: temps.min(),
            boardTempMax: temps.max(),
            fans: (replies.fans?["FANS"]?.array ?? []).compactMap { RPM.finite($0["RPM"]?.double) },
            pools: (replies.pools?["POOLS"]?.array ?? []).compactMap(pool), uptimeSeconds: elapsed,
            messages: messages(devs: replies.devs, config: replies.config))
    }

    /// The ideal hash rate of the `stats` entry carrying `total_rateideal` (in `rate_unit`, GH by default).
    static func nominal(_ stats: JSONValue?) -> HashRate? {
        let entry = stats?["STATS"]?.array?.first { $0["total_rateideal"] != nil }
        guard let value = entry?["total_rateideal"]?.double else { return nil }
        return HashRate.parse(value, unit: text(entry?["rate_unit"]) ?? "GH")
    }

    /// The four PCB sensors of a `TEMPS` entry (top left, top right, bottom left, bottom
    /// right); a reading of exactly 0 is a missing sensor.
    static func sensors(_ entry: JSONValue) -> [Celsius] {
        ["TopLeft", "TopRight", "BottomLeft", "BottomRight"].compactMap { key in
            guard let degrees = entry[key]?.double, degrees != 0 else { return nil }
            return Celsius.finite(degrees)
        }
    }

    /// One `POOLS[]` entry.
    static func pool(_ entry: JSONValue) -> MinerStatus.Pool? {
        guard let url = text(entry["URL"]) else { return nil }
        return MinerStatus.Pool(
            url: url, user: text(entry["User"]), alive: text(entry["Status"]).map { $0.lowercased() == "alive" },
            active: entry["Stratum Active"]?.bool, accepted: entry["Accepted"]?.int, rejected: entry["Rejected"]?.int)
    }

    /// The `DEVS` entries in board order (LUXminer lists them in no particular order).
    static func boards(_ devs: JSONValue?) -> [JSONValue] {
        (devs?["DEVS"]?.array ?? []).sorted { ($0["ID"]?.int ?? Int.max) < ($1["ID"]?.int ?? Int.max) }
    }

    /// A system status other than "Normal", a curtail mode in force, and boards not "Alive".
    static func messages(devs: JSONValue?, config reply: JSONValue?) -> [String] {
        var lines: [String] = []
        if let system = text(config(reply)?["SystemStatus"]), system.lowercased() != "normal" {
            lines.append("system status: \(system)")
        }
        if isCurtailed(reply), let mode = curtailMode(reply) { lines.append("curtail mode: \(mode)") }
        for board in boards(devs) {
            guard let status = text(board["Status"]), status.lowercased() != "alive" else { continue }
            lines.append("board \(board["ID"]?.int.map(String.init) ?? "?"): \(status)")
        }
        return lines
    }
}
