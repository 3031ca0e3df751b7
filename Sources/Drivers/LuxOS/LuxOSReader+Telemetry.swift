import HiveProtocols

extension LuxOSReader {
    /// Per-board readings, joined by board id (`devs` `ID`):
    ///
    /// - `devs`: hash rate (`MHS 5s`), nominal (`Nominal MHS`), hardware errors, serial, status;
    /// - `temps` (`TEMPS[].ID`): the board's four PCB sensors;
    /// - `stats` (chain `n` = board `n-1`, as `chain_rate<n>` matches `devs` in the recording):
    ///   chips answering (`chain_acn<n>`) and frequency (`freq<n>`, MHz);
    /// - `voltageget <id>`: the board voltage;
    /// - `healthchipget <id>`: per chip, its 1-minute hash rate (`GHS 1m`) and frequency.
    ///
    /// LuxOS reports no per-board power, no chip temperatures and no expected chip count.
    static func telemetry(
        devs: JSONValue, temps: JSONValue?, stats: JSONValue?, chips: [Int: JSONValue], voltages: [Int: JSONValue]
    ) -> [BoardTelemetry] {
        let tempsByID = byID(temps?["TEMPS"])
        let chains = stats?["STATS"]?.array?.first { $0["miner_count"] != nil || $0["chain_acn1"] != nil }
        return boards(devs).compactMap { board in
            guard let id = board["ID"]?.int else { return nil }
            let chain = "\(id + 1)"
            return BoardTelemetry(
                index: id, hashrate: board["MHS 5s"]?.double.flatMap { HashRate.parse($0, unit: "MH") },
                hashrateNominal: board["Nominal MHS"]?.double.flatMap { HashRate.parse($0, unit: "MH") },
                frequency: chains?["freq\(chain)"]?.double.flatMap { $0 > 0 ? Megahertz($0) : nil },
                voltage: Volts.finite(voltages[id]?["VOLTAGE"]?[0]?["Voltage"]?.double),
                boardTemps: tempsByID[id].map(sensors) ?? [], chipsWorking: chains?["chain_acn\(chain)"]?.int,
                hardwareErrors: board["Hardware Errors"]?.int, serial: text(board["SerialNumber"]),
                state: text(board["Status"]), chips: chipReadings(chips[id]))
        }
    }

    /// The `CHIPS` of a `healthchipget` reply, by chip index.
    static func chipReadings(_ reply: JSONValue?) -> [ChipReading] {
        (reply?["CHIPS"]?.array ?? []).compactMap { chip -> ChipReading? in
            guard let index = chip["Chip"]?.int else { return nil }
            return ChipReading(
                index: index, hashrate: chip["GHS 1m"]?.double.flatMap { HashRate.parse($0, unit: "GH") },
                frequency: Megahertz.finite(chip["Frequency"]?.double))
        }
        .sorted { $0.index < $1.index }
    }

    /// The board ids `devs` lists, in order (the boards to ask `healthchipget` and `voltageget`).
    static func boardIDs(_ devs: JSONValue) -> [Int] { boards(devs).compactMap { $0["ID"]?.int } }

    /// The entries of an array keyed by their `ID` (the first entry wins).
    static func byID(_ list: JSONValue?) -> [Int: JSONValue] {
        var result: [Int: JSONValue] = [:]
        for entry in list?.array ?? [] {
            if let id = entry["ID"]?.int, result[id] == nil { result[id] = entry }
        }
        return result
    }
}
