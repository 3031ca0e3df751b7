import HiveProtocols

/// The VNish autotune preset ladder (`GET /api/v1/autotune/presets`).
///
/// Presets are named by their power (`"1100"` on S19, `"3010W"` on S21) with a label such as
/// `"1100 watt ~ 53 TH"`. `"disabled"` turns autotune off: **stock clocks, full stock power**,
/// so it is marked `isStock`, never given a low (or zero) wattage, and sorted last.
enum VNishPresets {
    /// The name of the stock-clocks preset.
    static let stockName = "disabled"
    /// Seconds a preset change takes to settle (re-tuning is slow).
    static let settleSeconds = 300

    /// The ladder: presets with watts ascending, then those without watts, then `disabled`.
    static func ladder(from reply: JSONValue) -> [PowerPreset] {
        let list = reply.array ?? reply["presets"]?.array ?? []
        let presets = list.compactMap(preset)
        let rated = presets.filter { !$0.isStock && $0.watts != nil }.sorted {
            ($0.watts?.value ?? 0, $0.name) < ($1.watts?.value ?? 0, $1.name)
        }
        let unrated = presets.filter { !$0.isStock && $0.watts == nil }
        return rated + unrated + presets.filter(\.isStock)
    }

    /// One preset entry `{name, pretty, status, modded_psu_required}`; `nil` without a name.
    static func preset(_ entry: JSONValue) -> PowerPreset? {
        guard let name = entry["name"]?.string.map(VNishText.trimmed), !name.isEmpty else { return nil }
        let pretty = entry["pretty"]?.string
        let isStock = name.lowercased() == stockName
        return PowerPreset(
            name: name, label: pretty,
            watts: isStock ? nil : watts(name: name, pretty: pretty),
            hashrate: isStock ? nil : pretty.flatMap(hashrate(in:)) ?? hashrate(in: name),
            tuned: entry["status"]?.string?.lowercased() == "tuned", isStock: isStock,
            requiresModdedPSU: entry["modded_psu_required"]?.bool ?? false)
    }

    /// The power a preset draws, from its name, else its label; never zero or negative.
    static func watts(name: String, pretty: String?) -> Watts? {
        watts(in: name) ?? pretty.flatMap { watts(in: $0) }
    }

    /// Watts in a text: a bare number (`"1100"`), or a number followed by a watt unit
    /// (`"3010W"`, `"1100 watt ~ 53 TH"`, `"3.2 kW"`). A number followed by a hash-rate unit
    /// is not watts.
    static func watts(in text: String) -> Watts? {
        let quantities = quantities(in: text)
        if quantities.count == 1, quantities[0].unit.isEmpty, let only = quantities.first, only.isWholeText {
            return only.value > 0 ? Watts(only.value) : nil
        }
        for quantity in quantities {
            let unit = quantity.unit.lowercased()
            if unit == "w" || unit.hasPrefix("watt") {
                return quantity.value > 0 ? Watts(quantity.value) : nil
            }
            if unit == "kw" { return quantity.value > 0 ? Watts.kilowatts(quantity.value) : nil }
        }
        return nil
    }

    /// A hash rate in a text such as `"~ 53 TH"`, `"53TH"`, `"120 TH/s"`, `"950 GH"`.
    static func hashrate(in text: String) -> HashRate? {
        for quantity in quantities(in: text) where quantity.value > 0 {
            if let rate = HashRate.parse(quantity.value, unit: quantity.unit) { return rate }
        }
        return nil
    }

    /// The power-control description for a ladder and the current preset name.
    static func powerControl(ladder: [PowerPreset], current: String?) -> PowerControl {
        PowerControl(
            mechanism: .presets(ladder), current: current.map { .preset($0) }, canSleep: true,
            settleSeconds: settleSeconds, interruptsHashing: true)
    }

    /// A number and the unit word right after it (letters and `/`), e.g. `("53", "TH")`.
    struct Quantity {
        var value: Double
        var unit: String
        var isWholeText: Bool
    }

    /// Every number in `text` with the unit that follows it.
    static func quantities(in text: String) -> [Quantity] {
        let characters = Array(text)
        let trimmedCount = VNishText.trimmed(text).count
        var result: [Quantity] = []
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else {
                index += 1
                continue
            }
            let start = index
            while index < characters.count,
                characters[index].isASCII && (characters[index].isNumber || characters[index] == ".")
            {
                index += 1
            }
            let number = String(characters[start..<index])
            let numberEnd = index
            while index < characters.count, characters[index] == " " { index += 1 }
            let unitStart = index
            while index < characters.count, characters[index].isLetter || characters[index] == "/" { index += 1 }
            let unit = String(characters[unitStart..<index])
            if let value = Double(number), value.isFinite {
                result.append(
                    Quantity(value: value, unit: unit, isWholeText: unit.isEmpty && numberEnd - start == trimmedCount))
            }
            if unit.isEmpty { index = numberEnd }
        }
        return result
    }
}
