import HiveProtocols

extension AuradineReader {
    /// Per-board telemetry: CGMiner `devs` (one entry per board, `ID` from 1: hash rate,
    /// status), `asccount` (chips per board = `AsicCount` ÷ `BoardCount`), and the web replies
    /// `temperature` (board sensors; per-chip temperatures), `voltage` (per-chip volts),
    /// `frequency` (per-chip MHz) and `ipreport` (`HBSerialNo`, in board order). Boards are
    /// matched by `ID`; chips by their `ID` within a board.
    static func telemetry(
        devs: JSONValue, asccount: JSONValue, temperature: JSONValue, voltage: JSONValue, frequency: JSONValue,
        ipreport: JSONValue
    ) -> [BoardTelemetry] {
        let serials = (ipreport["IPReport"]?[0]?["HBSerialNo"]?.array ?? []).map { text($0) }
        let count = asccount["ASCCount"]?[0]
        var chipsPerBoard: Int?
        if let chips = count?["AsicCount"]?.int, let boards = count?["BoardCount"]?.int, boards > 0,
            chips % boards == 0
        {
            chipsPerBoard = chips / boards
        }
        return (devs["DEVS"]?.array ?? []).compactMap { dev -> BoardTelemetry? in
            guard let id = dev["ID"]?.int ?? dev["DEV"]?.int else { return nil }
            let temps = entry(temperature["Temperature"], id: id)
            var boardTemps = sensors(temps?["BoardTemp"])
            if boardTemps.isEmpty, let single = dev["Temperature"]?.double { boardTemps = [Celsius(single)] }
            let enabled = dev["Enabled"]?.bool
            return BoardTelemetry(
                index: id, hashrate: dev["MHS 5s"]?.double.map(HashRate.megahashes), boardTemps: boardTemps,
                chipsExpected: chipsPerBoard, serial: id >= 1 && id <= serials.count ? serials[id - 1] : nil,
                state: enabled == false ? "Disabled" : text(dev["Status"]),
                chips: chips(
                    temperatures: temps?["ChipTemp"], voltages: entry(voltage["Voltage"], id: id)?["ChipVoltage"],
                    frequencies: entry(frequency["Frequency"], id: id)?["ChipFrequency"]))
        }
    }

    /// The board entry with `ID` `id` in a list.
    static func entry(_ list: JSONValue?, id: Int) -> JSONValue? {
        list?.array?.first { $0["ID"]?.int == id }
    }

    /// Per-chip readings merged by chip `ID`, in `ID` order.
    static func chips(temperatures: JSONValue?, voltages: JSONValue?, frequencies: JSONValue?) -> [ChipReading] {
        var chips: [Int: ChipReading] = [:]
        func merge(_ list: JSONValue?, key: String, _ set: (inout ChipReading, Double) -> Void) {
            for item in list?.array ?? [] {
                guard let id = item["ID"]?.int, let value = item[key]?.double else { continue }
                var chip = chips[id] ?? ChipReading(index: id)
                set(&chip, value)
                chips[id] = chip
            }
        }
        merge(temperatures, key: "Temperature") { $0.temperature = Celsius($1) }
        merge(voltages, key: "Voltage") { $0.voltage = Volts($1) }
        merge(frequencies, key: "Frequency") { $0.frequency = Megahertz($1) }
        return chips.keys.sorted().compactMap { chips[$0] }
    }
}
