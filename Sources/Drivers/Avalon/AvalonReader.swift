import HiveProtocols

/// Turns Avalon CGMiner replies into PowerHive's value types (pure functions, no I/O).
enum AvalonReader {
    /// Make, model (`PROD`), firmware version, MAC and DNA (the unique chip id, as serial) from
    /// `version`.
    static func identity(version reply: JSONValue) -> MinerIdentity {
        let version = reply["VERSION"]?[0]
        return MinerIdentity(
            make: "Canaan", model: model(version: reply), firmware: "Avalon stock",
            firmwareVersion: firmwareVersion(version: reply), mac: version?["MAC"]?.string,
            serial: nonEmpty(version?["DNA"]?.string))
    }

    /// `PROD` ("Avalon Q", "AvalonMiner 15-194"), else "Avalon" + `MODEL`.
    static func model(version reply: JSONValue) -> String? {
        let version = reply["VERSION"]?[0]
        if let product = nonEmpty(version?["PROD"]?.string) { return product }
        return nonEmpty(version?["MODEL"]?.string).map { "Avalon \($0)" }
    }

    /// `VERSION` (A-series), else `LVERSION` / `BVERSION` / `CGVERSION` (Avalon Q).
    static func firmwareVersion(version reply: JSONValue) -> String? {
        let version = reply["VERSION"]?[0]
        return ["VERSION", "LVERSION", "BVERSION", "CGVERSION"].lazy.compactMap { nonEmpty(version?[$0]?.string) }
            .first
    }

    /// State, hash rates (GH/s fields), wall power, mode ceiling, temperatures, fans, pools.
    static func status(stats: AvalonStats, pools: JSONValue?, family: AvalonFamily) -> MinerStatus {
        let boards = telemetry(stats: stats)
        let chipTemps = boards.flatMap { $0.chips.compactMap(\.temperature) }
        let boardTemps = boards.flatMap(\.boardTemps)
        let reportedMax = stats.number("TMax").flatMap { $0 > 0 ? Celsius($0) : nil }
        return MinerStatus(
            state: state(stats), hashrateRealtime: stats.number("GHSspd").map(HashRate.gigahashes),
            hashrateAverage: stats.number("GHSavg").map(HashRate.gigahashes),
            hashrateNominal: stats.number("GHSmm").map(HashRate.gigahashes), power: stats.wallPower,
            powerSource: .measured, powerTarget: stats.modePower,
            powerPreset: family.kind(workMode: stats.workMode)?.rawValue, boardTempMin: boardTemps.min(),
            boardTempMax: boardTemps.max(), chipTempMin: chipTemps.min(), chipTempMax: chipTemps.max() ?? reportedMax,
            fans: stats.fans, pools: self.pools(pools), uptimeSeconds: stats.uptime, messages: messages(stats))
    }

    /// `In Work` → mining; idle after a soft power-off → sleeping; `In Init` → starting; an
    /// `Out …` word (e.g. "Out Over Hot") → failure.
    static func state(_ stats: AvalonStats) -> MinerStatus.State {
        guard let work = stats.work else { return .unknown }
        if stats.isWorking { return .mining }
        if stats.isAsleep { return .sleeping }
        if work.hasPrefix("In Init") { return .starting }
        if work.hasPrefix("Out") { return .failure }
        return .unknown
    }

    /// The work state when it is not "In Work", and a non-zero power-supply error code.
    static func messages(_ stats: AvalonStats) -> [String] {
        var messages: [String] = []
        if let work = stats.work, !stats.isWorking { messages.append("SYSTEMSTATU: Work: \(work)") }
        if let code = stats.powerSupplyError, code != 0 { messages.append("power supply error code \(code)") }
        return messages
    }

    /// Per board: `MGHS[i]` GH/s, hardware errors `MH[i]`, chip temperatures `MTavg[i]`/`MTmax[i]`
    /// (A-series) or inlet/outlet `HBITemp`/`HBOTemp` (Avalon Q), per-chip `PVT_T<i>` (°C),
    /// `PVT_V<i>` (mV) and, from `MW<i>`, the chips doing work.
    static func telemetry(stats: AvalonStats) -> [BoardTelemetry] {
        let rates = stats.numbers("MGHS")
        let errors = stats.numbers("MH")
        let averages = stats.numbers("MTavg")
        let maxima = stats.numbers("MTmax")
        let single = stats.boardCount == 1
        let boardTemps = ["HBITemp", "HBOTemp"].compactMap { stats.number($0) }.map(Celsius.init)
        return (0..<stats.boardCount).map { index in
            let chipTemps = [averages, maxima].compactMap { $0.indices.contains(index) ? Celsius($0[index]) : nil }
            let work = stats.numbers("MW\(index)")
            return BoardTelemetry(
                index: index, hashrate: rates.indices.contains(index) ? HashRate.gigahashes(rates[index]) : nil,
                frequency: single ? stats.number("Freq").map(Megahertz.init) : nil, boardTemps: boardTemps,
                chipTemps: chipTemps, chipsWorking: work.isEmpty ? nil : work.filter { $0 > 0 }.count,
                hardwareErrors: errors.indices.contains(index) ? Int(errors[index]) : nil,
                chips: chips(stats, board: index))
        }
    }

    /// The per-chip readings of one board (`PVT_T<i>`, `PVT_V<i>`), by chip position.
    static func chips(_ stats: AvalonStats, board: Int) -> [ChipReading] {
        let temps = stats.numbers("PVT_T\(board)")
        let volts = stats.numbers("PVT_V\(board)")
        return (0..<max(temps.count, volts.count)).map { chip in
            ChipReading(
                index: chip, temperature: temps.indices.contains(chip) ? Celsius(temps[chip]) : nil,
                voltage: volts.indices.contains(chip) ? Volts.millivolts(volts[chip]) : nil)
        }
    }

    /// The `POOLS` entries: URL, user, `Status` "Alive", `Stratum Active`, shares.
    static func pools(_ reply: JSONValue?) -> [MinerStatus.Pool] {
        (reply?["POOLS"]?.array ?? []).compactMap { pool in
            guard let url = nonEmpty(pool["URL"]?.string) else { return nil }
            return MinerStatus.Pool(
                url: url, user: pool["User"]?.string, alive: pool["Status"]?.string.map { $0 == "Alive" },
                active: pool["Stratum Active"]?.bool, accepted: pool["Accepted"]?.int, rejected: pool["Rejected"]?.int)
        }
    }

    /// The work-mode ladder with the current mode's ceiling (`MPO`) as its watts; the other
    /// modes' power is not reported by the firmware, so it stays unknown.
    static func powerControl(stats: AvalonStats, family: AvalonFamily) -> PowerControl {
        let current = family.kind(workMode: stats.workMode)
        let modes = family.modes.map { mode in
            PowerMode(kind: mode.kind, watts: mode.kind == current ? stats.modePower : nil)
        }
        let setting: PowerControl.Setting? = stats.isAsleep ? .sleeping : current.map(PowerControl.Setting.mode)
        return PowerControl(
            mechanism: .modes(modes), current: setting, canSleep: true,
            settleSeconds: family.modeChangeNeedsReboot
                ? AvalonDriver.rebootSettleSeconds : AvalonDriver.modeSettleSeconds,
            interruptsHashing: family.modeChangeNeedsReboot)
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
