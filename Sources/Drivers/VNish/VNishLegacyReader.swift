import HiveProtocols

/// Readers for the old cgminer-based VNish (2.x on S17, 3.x on S9), which only has the
/// CGMiner API: `stats` (one `STATS` entry with flat per-chain keys `chain_rate6`,
/// `temp2_6`, …) and `pools`.
///
/// Units, from the recorded replies: rates in GH/s; `chain_vol` in millivolts on S17+
/// (19300) but in 10 mV steps on S9 (920 = 9.2 V): hash boards run at 8–25 V, so a value of
/// 2000 or more is read as mV and 200–1999 as 10 mV, and anything else is dropped.
/// `chain_consumption` is the firmware's own *estimate* (S9s have no PSU metering), so power
/// is reported as `.estimated`. Zero temperatures and zero fan slots are empty slots.
enum VNishLegacyReader {
    /// `"Antminer S9 (vnish 3.8.6)"` → `("Antminer S9", "3.8.6")`.
    static func parseType(_ type: String) -> (model: String?, version: String?) {
        let marker = "(vnish"
        guard let open = type.indices.first(where: { type[$0...].lowercased().hasPrefix(marker) }) else {
            return (VNishReader.nonEmpty(type), nil)
        }
        let model = VNishReader.nonEmpty(String(type[..<open]))
        let rest = type[open...].dropFirst(marker.count)
        let version = VNishReader.nonEmpty(String(rest.prefix { $0 != ")" }))
        return (model, version)
    }

    /// The `Type` of a `version` or `stats` reply.
    static func type(_ reply: JSONValue) -> String? {
        let entries = (reply["VERSION"]?.array ?? []) + (reply["STATS"]?.array ?? [])
        return entries.lazy.compactMap { $0["Type"]?.string }.first
    }

    /// The entry of `stats` that carries the readings (the one with `GHS 5s` or chains).
    static func readings(_ stats: JSONValue) -> JSONValue {
        let entries = stats["STATS"]?.array ?? []
        return entries.first { $0["GHS 5s"] != nil || $0["total_rate"] != nil } ?? .null
    }

    /// Indices of chains present: `chain_acnN > 0`.
    static func chainIndices(_ entry: JSONValue) -> [Int] {
        (entry.object ?? [:]).keys.compactMap { key -> Int? in
            guard key.hasPrefix("chain_acn"), let index = Int(key.dropFirst("chain_acn".count)),
                (entry[key]?.int ?? 0) > 0
            else { return nil }
            return index
        }.sorted()
    }

    /// Status from `stats` and `pools`.
    static func status(stats: JSONValue, pools: JSONValue) -> MinerStatus {
        let entry = readings(stats)
        let boards = telemetry(stats: stats)
        let boardTemps = boards.flatMap(\.boardTemps)
        let chipTemps = boards.flatMap(\.chipTemps)
        let consumption = boards.compactMap(\.power)
        let realtime = entry["GHS 5s"]?.double
        let stateWord = entry["state"]?.string
        let state: MinerStatus.State =
            stateWord.map { VNishReader.state($0) } ?? ((realtime ?? 0) > 0 ? .mining : .unknown)
        return MinerStatus(
            state: state, hashrateRealtime: realtime.map(HashRate.gigahashes),
            hashrateAverage: entry["GHS av"]?.double.map(HashRate.gigahashes),
            hashrateNominal: entry["total_rateideal"]?.double.map(HashRate.gigahashes),
            power: consumption.isEmpty ? nil : consumption.reduce(Watts.zero, +),
            powerSource: .estimated, boardTempMin: boardTemps.min(), boardTempMax: boardTemps.max(),
            chipTempMin: chipTemps.min(), chipTempMax: chipTemps.max(), fans: fans(entry),
            pools: self.pools(pools), uptimeSeconds: entry["Elapsed"]?.int)
    }

    /// Fans `fan1…fanN` that report a speed; when `fan_num` says more fans exist than report
    /// one, the missing ones are stopped fans (0 rpm).
    static func fans(_ entry: JSONValue) -> [RPM] {
        let slots = (entry.object ?? [:]).keys.compactMap { key -> Int? in
            guard key.hasPrefix("fan"), let index = Int(key.dropFirst(3)) else { return nil }
            return index
        }.sorted()
        var fans = slots.compactMap { entry["fan\($0)"]?.double }.filter { $0 > 0 }.map(RPM.init)
        if let count = entry["fan_num"]?.int, count > fans.count, count <= slots.count {
            fans += Array(repeating: RPM(0), count: count - fans.count)
        }
        return fans
    }

    /// Pools without the `DevFee` pseudo-pools.
    static func pools(_ reply: JSONValue) -> [MinerStatus.Pool] {
        (reply["POOLS"]?.array ?? []).compactMap { pool in
            guard let url = VNishReader.nonEmpty(pool["URL"]?.string), url != "DevFee" else { return nil }
            return MinerStatus.Pool(
                url: url, user: VNishReader.nonEmpty(pool["User"]?.string),
                alive: pool["Status"]?.string.map { $0.lowercased() == "alive" },
                active: pool["Stratum Active"]?.bool, accepted: pool["Accepted"]?.int,
                rejected: pool["Rejected"]?.int)
        }
    }

    /// Boards, numbered as the firmware numbers its chain slots.
    static func telemetry(stats: JSONValue) -> [BoardTelemetry] {
        let entry = readings(stats)
        return chainIndices(entry).map { n in
            // `chain_acsN`: one mark per chip slot, 'o' answering, 'x' failed ('-' empty);
            // `chain_acnN` counts the chips found, failed ones included, so it is the
            // working count only when the firmware gives no marks.
            let acs = entry["chain_acs\(n)"]?.string ?? ""
            let slots = acs.filter { "ox-".contains($0) }.count
            let answering = acs.filter { $0 == "o" }.count
            return BoardTelemetry(
                index: n, hashrate: entry["chain_rate\(n)"]?.double.map(HashRate.gigahashes),
                hashrateNominal: entry["chain_rateideal\(n)"]?.double.map(HashRate.gigahashes),
                frequency: VNishReader.megahertz(entry["freq_avg\(n)"]), voltage: boardVoltage(entry["chain_vol\(n)"]),
                power: entry["chain_consumption\(n)"]?.double.flatMap { $0 > 0 ? Watts($0) : nil },
                boardTemps: temperatures(entry["temp_pcb\(n)"]) ?? [entry["temp\(n)"]].compactMap(VNishReader.celsius),
                chipTemps: temperatures(entry["temp_chip\(n)"])
                    ?? [entry["temp2_\(n)"], entry["temp3_\(n)"]].compactMap(VNishReader.celsius),
                chipsExpected: slots > 0 ? slots : nil,
                chipsWorking: slots > 0 ? answering : entry["chain_acn\(n)"]?.int,
                hardwareErrors: entry["chain_hw\(n)"]?.int)
        }
    }

    /// `"55-66-51-60"` → four temperatures; `nil` when absent.
    static func temperatures(_ value: JSONValue?) -> [Celsius]? {
        guard let text = value?.string, !text.isEmpty else { return nil }
        let values = text.split(separator: "-").compactMap { Double(VNishText.trimmed(String($0))) }
            .filter { $0 != 0 }.map(Celsius.init)
        return values.isEmpty ? nil : values
    }

    /// A board voltage in mV (≥ 2000) or 10 mV steps (200–1999); see the type's notes.
    static func boardVoltage(_ value: JSONValue?) -> Volts? {
        guard let raw = value?.double, raw.isFinite else { return nil }
        if raw >= 2000 && raw <= 30000 { return .millivolts(raw) }
        if raw >= 200 && raw < 2000 { return Volts(raw / 100) }
        return nil
    }
}
