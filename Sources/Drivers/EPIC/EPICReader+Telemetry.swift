import HiveProtocols

/// The per-chip replies: `/hashrate` (`[MH/s, percent of ideal, …]` per chip), `/temps/chip`
/// (°C), `/voltages` (mV) and `/clocks` (MHz), each a list of `{"Index": board, "Data": [...]}`.
struct EPICChipData: Sendable {
    var hashrate: JSONValue
    var temperature: JSONValue
    var voltage: JSONValue
    var clock: JSONValue

    /// The `Data` list of board `index` in `reply`.
    static func data(_ reply: JSONValue, board index: Int) -> [JSONValue]? {
        reply.array?.first { $0["Index"]?.int == index }?["Data"]?.array
    }

    /// The chips of board `index`, `[]` when the replies have none for it.
    func chips(board index: Int) -> [ChipReading] {
        let rates = Self.data(hashrate, board: index) ?? []
        let temps = Self.data(temperature, board: index) ?? []
        let volts = Self.data(voltage, board: index) ?? []
        let clocks = Self.data(clock, board: index) ?? []
        let count = max(rates.count, temps.count, volts.count, clocks.count)
        return (0..<count).map { chip in
            ChipReading(
                index: chip, hashrate: rates[safe: chip]?[0]?.double.map(HashRate.megahashes),
                temperature: Self.measured(temps[safe: chip]).map(Celsius.init),
                frequency: clocks[safe: chip]?.double.map(Megahertz.init),
                voltage: Self.measured(volts[safe: chip]).map(Volts.millivolts))
        }
    }

    /// A reading that is not 0 (PowerPlay reports 0 for a sensor it does not read).
    static func measured(_ value: JSONValue?) -> Double? {
        guard let reading = value?.double, reading != 0 else { return nil }
        return reading
    }
}

extension Array {
    /// The element at `index`, `nil` when out of range.
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension EPICReader {
    /// Every detected board (`HBStatus`), with its summary entry (`HBs`: hash rate, ideal rate,
    /// clock, input voltage, power when measured), its sensors (`/temps`: chip sensors when
    /// `Temp Sensor Info.Type` is `Chip`, board sensors otherwise), chips per board
    /// (`Performance Estimator.Chip Count`), the chips that hash, per-chip readings, and a serial
    /// when `Board Serial Numbers` lists one per detected board or one per enabled board.
    static func telemetry(
        summary: JSONValue, capabilities: JSONValue, temps: JSONValue, chips: EPICChipData
    ) -> [BoardTelemetry] {
        let detected = (summary["HBStatus"]?.array ?? []).filter { $0["Detected"]?.bool != false }
            .compactMap { board in board["Index"]?.int.map { ($0, board["Enabled"]?.bool ?? false) } }
            .sorted { $0.0 < $1.0 }
        let serials = boardSerials(capabilities, detected: detected)
        let sensorType = text(capabilities["Temp Sensor Info"]?["Type"])
        return detected.map { index, enabled in
            let entry = summary["HBs"]?.array?.first { $0["Index"]?.int == index }
            let rates = boardRates(entry?["Hashrate"])
            let sensors = (EPICChipData.data(temps, board: index) ?? []).compactMap(\.double).map(Celsius.init)
            let chipReadings = chips.chips(board: index)
            let inputPower = entry?["Input Power"]?.double ?? 0
            return BoardTelemetry(
                index: index, hashrate: rates?.rate, hashrateNominal: rates?.ideal,
                frequency: entry?["Core Clock Avg"]?.double.map(Megahertz.init),
                voltage: entry?["Input Voltage"]?.double.map(Volts.init),
                power: inputPower > 0 ? Watts(inputPower) : nil,
                boardTemps: sensorType == "Chip" || sensorType == "NotDetected" ? [] : sensors,
                chipTemps: sensorType == "Chip" ? sensors : [],
                chipsExpected: capabilities["Performance Estimator"]?["Chip Count"]?.int,
                chipsWorking: chipReadings.isEmpty ? nil : chipReadings.filter { ($0.hashrate?.value ?? 0) > 0 }.count,
                serial: serials[index], state: enabled ? "enabled" : "disabled", chips: chipReadings)
        }
    }

    /// Board serials by board index: `Board Serial Numbers` in board order when it has one per
    /// detected board, or one per enabled board (PowerPlay lists only the boards it runs).
    static func boardSerials(_ capabilities: JSONValue, detected: [(Int, Bool)]) -> [Int: String] {
        let serials = (capabilities["Board Serial Numbers"]?.array ?? []).map { text($0) }
        let enabled = detected.filter { $0.1 }
        let boards: [(Int, Bool)]
        if serials.count == detected.count {
            boards = detected
        } else if serials.count == enabled.count {
            boards = enabled
        } else {
            return [:]
        }
        var result: [Int: String] = [:]
        for (board, serial) in zip(boards, serials) { result[board.0] = serial }
        return result
    }
}
