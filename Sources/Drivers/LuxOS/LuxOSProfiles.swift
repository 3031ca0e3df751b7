import HiveProtocols

/// The LuxOS profile ladder (`profiles`): `default` is the machine's EEPROM nameplate, and
/// LuxOS generates steps of 25 MHz / 0.1 V below it (negative `Step`) and above it (overclock,
/// positive `Step`), each with its estimated `Watts` and `Hashrate` (TH/s)
/// (`firmware-samples/luxos/v1/cgminer__profiles.json`; docs.luxor.tech/firmware/features).
///
/// A profile is a fixed frequency and voltage that runs as soon as the boards have ramped to
/// it, without a tuning pass, so the nameplate and underclock profiles are `tuned` (ready to
/// select). Overclock profiles are reported **untuned**: LuxOS's documentation warns that
/// overclocking stresses chips and power supply, so the balancer uses them only where the
/// operator allows untuned presets. The firmware's own `IsTuned` (its AutoTuner has refined
/// that profile on this machine) is shown in the label.
enum LuxOSProfiles {
    /// Seconds a profile change takes to settle (the boards ramp frequency and voltage in steps).
    static let settleSeconds = 120

    /// The ladder, lowest power first (profiles without watts last).
    static func ladder(_ reply: JSONValue) -> [PowerPreset] {
        let presets = (reply["PROFILES"]?.array ?? []).compactMap(preset)
        return presets.sorted { a, b in
            switch (a.watts, b.watts) {
            case (let x?, let y?): x < y
            case (.some, nil): true
            default: false
            }
        }
    }

    /// One `PROFILES[]` entry; `nil` without a name.
    static func preset(_ entry: JSONValue) -> PowerPreset? {
        guard let name = LuxOSReader.text(entry["Profile Name"]) else { return nil }
        let step = LuxOSReader.text(entry["Step"]).flatMap { Int($0) } ?? 0
        var label: [String] = []
        if let frequency = entry["Frequency"]?.double { label.append("\(LuxOSProfiles.number(frequency)) MHz") }
        if let voltage = entry["Voltage"]?.double { label.append("\(LuxOSProfiles.number(voltage)) V") }
        if entry["IsTuned"]?.bool == true { label.append("tuned by LuxOS") }
        return PowerPreset(
            name: name, label: label.isEmpty ? nil : label.joined(separator: ", "),
            watts: Watts.finite(entry["Watts"]?.double).flatMap { $0.value > 0 ? $0 : nil },
            hashrate: entry["Hashrate"]?.double.flatMap { HashRate.parse($0, unit: "TH") }, tuned: step <= 0)
    }

    /// The highest tuned profile whose watts are at most `target`.
    static func best(for target: Watts, in ladder: [PowerPreset]) -> PowerPreset? {
        ladder.filter { preset in
            guard let watts = preset.watts else { return false }
            return preset.tuned && watts <= target
        }
        .max { ($0.watts?.value ?? 0) < ($1.watts?.value ?? 0) }
    }

    /// The power-control description: the ladder, the active profile (or sleeping when
    /// curtailed), sleep available; a profile change ramps without stopping hashing.
    static func powerControl(ladder: [PowerPreset], config: JSONValue?) -> PowerControl {
        let current: PowerControl.Setting? =
            LuxOSReader.isCurtailed(config) ? .sleeping : LuxOSReader.currentProfile(config).map { .preset($0) }
        return PowerControl(
            mechanism: ladder.isEmpty ? .none : .presets(ladder), current: current, canSleep: true,
            settleSeconds: settleSeconds, interruptsHashing: false)
    }

    /// `590` for 590.0, `11.88` for 11.88.
    static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12, value == value.rounded() else { return String(value) }
        return String(Int(value))
    }
}
