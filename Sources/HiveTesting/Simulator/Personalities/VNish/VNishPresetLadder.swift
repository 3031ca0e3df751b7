public import HiveProtocols

/// A VNish autotune preset ladder: `"disabled"` (autotune off, stock clocks at full power)
/// and presets named by their wall power.
public struct VNishPresetLadder: Sendable, Hashable {
    /// One preset.
    public struct Preset: Sendable, Hashable {
        /// The name VNish selects it by ("1100", "disabled").
        public var name: String
        /// The label, e.g. "1100 watt ~ 53 TH".
        public var pretty: String
        /// Power drawn at this preset.
        public var power: Watts
        /// Hash rate at this preset.
        public var hashrate: HashRate
        /// Whether VNish reports it `tuned` (only tuned presets are selected without a long
        /// auto-tune, and PowerHive's driver refuses untuned ones).
        public var tuned: Bool

        /// Creates a preset.
        public init(name: String, pretty: String, power: Watts, hashrate: HashRate, tuned: Bool) {
            self.name = name
            self.pretty = pretty
            self.power = power
            self.hashrate = hashrate
            self.tuned = tuned
        }
    }

    /// The stock preset's name.
    public static let stockName = "disabled"

    /// The presets, `disabled` first (as VNish lists them).
    public var presets: [Preset]

    /// Creates a ladder.
    public init(presets: [Preset]) {
        self.presets = presets
    }

    /// The preset with this name.
    public func preset(_ name: String) -> Preset? { presets.first { $0.name == name } }

    /// The S19 ladder of VNish 1.2.6, names and labels as recorded in
    /// `vnish/1.2.6-s19/http__api_v1_autotune_presets.json`; `disabled` runs the model's stock
    /// figures. The recording has every preset `untuned` (a fresh machine); simulated miners
    /// report them `tuned`, as on a machine that has finished tuning, so they can be selected.
    public static func s19(stock model: SimulatedModel) -> VNishPresetLadder {
        let recorded: [(watts: Int, terahashes: Int)] = [
            (1100, 53), (1300, 58), (1500, 63), (1700, 68), (1900, 73), (2100, 78), (2350, 85), (2620, 91), (2950, 99),
            (3200, 102), (3350, 105), (3750, 110), (4000, 115), (4260, 120), (4690, 124),
        ]
        let stock = Preset(
            name: stockName, pretty: "Disabled", power: model.nominalPower, hashrate: model.nominalHashrate,
            tuned: false)
        return VNishPresetLadder(
            presets: [stock]
                + recorded.map { entry in
                    Preset(
                        name: String(entry.watts), pretty: "\(entry.watts) watt ~ \(entry.terahashes) TH",
                        power: Watts(Double(entry.watts)), hashrate: .terahashes(Double(entry.terahashes)), tuned: true)
                })
    }

    /// The setting a preset runs on `model`: clocks scale with the hash rate, voltage with the
    /// power, both around the stock figures.
    func setting(_ preset: Preset, model: SimulatedModel) -> PowerSetting {
        let rateRatio = preset.hashrate.value / max(1, model.nominalHashrate.value)
        let powerRatio = preset.power.value / max(1, model.nominalPower.value)
        return PowerSetting(
            name: preset.name, power: preset.power, hashrate: preset.hashrate,
            frequency: (model.frequency * rateRatio).rounded(),
            voltage: (model.voltage * (0.85 + 0.15 * powerRatio)).rounded())
    }
}
