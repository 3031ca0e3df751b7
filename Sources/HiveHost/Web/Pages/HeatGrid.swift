import HiveProtocols

/// Rack-style grids as inline SVG: the fleet coloured by temperature or hash-rate ratio, and a
/// board's chips coloured by temperature, hash rate or errors. Colours are stylesheet classes.
enum HeatGrid {
    /// Temperature class: `t0` (cool) … `t6` (hot).
    static func temperatureClass(_ celsius: Double?) -> String {
        guard let c = celsius, c.isFinite else { return "na" }
        let steps: [Double] = [50, 60, 70, 75, 80, 85]
        return "t\(steps.firstIndex { c < $0 } ?? 6)"
    }

    /// Ratio class: `r0` (≥ 97 %) … `r4` (< 50 %).
    static func ratioClass(_ ratio: Double?) -> String {
        guard let r = ratio, r.isFinite else { return "na" }
        if r >= 0.97 { return "r0" }
        if r >= 0.9 { return "r1" }
        if r >= 0.8 { return "r2" }
        if r >= 0.5 { return "r3" }
        return "r4"
    }

    /// Error-count class: `e0` (none) … `e3` (> 100).
    static func errorClass(_ errors: Int?) -> String {
        guard let e = errors else { return "na" }
        if e == 0 { return "e0" }
        if e <= 10 { return "e1" }
        if e <= 100 { return "e2" }
        return "e3"
    }

    /// Realtime over average hash rate: a drop shows before the average moves.
    static func ratio(_ row: FleetRow) -> Double? {
        guard let rt = row.status?.hashrateRealtime?.value, let avg = row.status?.hashrateAverage?.value, avg > 0 else {
            return nil
        }
        return rt / avg
    }

    /// The fleet grid in one mode (`temp` or `ratio`), one linked cell per miner.
    static func fleet(_ rows: [FleetRow], mode: String, hidden: Bool) -> String {
        let columns = 40
        let cell = 18
        let height = max(1, (rows.count + columns - 1) / columns) * cell
        var svg =
            "<svg class=\"heat\" data-mode=\"\(mode)\"\(hidden ? " hidden" : "") viewBox=\"0 0 \(columns * cell) \(height)\" role=\"img\" aria-label=\"fleet heat grid\">"
        for (index, row) in rows.enumerated() {
            let x = (index % columns) * cell
            let y = (index / columns) * cell
            let colour: String
            switch row.condition {
            case .offline: colour = "off"
            case .sleeping: colour = "sleep"
            default: colour = mode == "temp" ? temperatureClass(row.hottest?.value) : ratioClass(ratio(row))
            }
            let tip =
                "\(row.label) · \(row.condition.rawValue) · \(HTML.number(row.hottest?.value)) °C · \(HTML.hashrate(row.status?.hashrateRealtime?.value))"
            svg +=
                "<a href=\"/miners/\(row.miner.id.rawValue)\"><rect class=\"\(colour)\" x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" rx=\"2\"><title>\(HTML.escape(tip))</title></rect></a>"
        }
        return svg + "</svg>"
    }

    /// A board's chips in one mode (`temp`, `hashrate`, `errors`).
    static func chips(_ board: BoardSnapshot, mode: String, hidden: Bool) -> String {
        let chips = board.chips
        guard !chips.isEmpty else { return "" }
        let columns = min(max(1, chips.count), 24)
        let cell = 16
        let height = ((chips.count + columns - 1) / columns) * cell
        let rates = chips.compactMap(\.hashrate?.value).filter { $0 > 0 }.sorted()
        let median = rates.isEmpty ? nil : rates[rates.count / 2]
        var svg =
            "<svg class=\"chips\" data-mode=\"\(mode)\"\(hidden ? " hidden" : "") viewBox=\"0 0 \(columns * cell) \(height)\" role=\"img\" aria-label=\"board \(board.index) chips\">"
        for (offset, chip) in chips.enumerated() {
            let colour: String
            switch mode {
            case "hashrate": colour = ratioClass(chip.hashrate.flatMap { rate in median.map { rate.value / $0 } })
            case "errors": colour = errorClass(chip.errors)
            default: colour = temperatureClass(chip.temperature?.value)
            }
            let tip =
                "chip \(chip.index): \(HTML.number(chip.temperature?.value)) °C, \(HTML.number(chip.hashrate.map { $0.value / 1e9 }, digits: 1)) GH/s, \(chip.errors.map(String.init) ?? "–") errors"
            svg +=
                "<rect class=\"\(colour)\" x=\"\((offset % columns) * cell + 1)\" y=\"\((offset / columns) * cell + 1)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" rx=\"2\"><title>\(HTML.escape(tip))</title></rect>"
        }
        return svg + "</svg>"
    }
}
