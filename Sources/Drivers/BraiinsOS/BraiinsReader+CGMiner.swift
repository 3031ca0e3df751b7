import HiveProtocols

extension BraiinsReader {
    /// A hash rate from a CGMiner entry: `MHS <window>` (bOSminer, BOSer), else `GHS <window>`.
    static func hashrate(_ entry: JSONValue?, _ window: String) -> HashRate? {
        if let mhs = entry?["MHS \(window)"]?.double { return HashRate.parse(mhs, unit: "MH") }
        if let ghs = entry?["GHS \(window)"]?.double { return HashRate.parse(ghs, unit: "GH") }
        return nil
    }

    /// A temperature, `nil` for missing or exactly 0 (bOSminer reports 0.0 for a sensor it
    /// does not have, e.g. the S9's chip sensor).
    static func temperature(_ value: JSONValue?) -> Celsius? {
        guard let degrees = value?.double, degrees != 0 else { return nil }
        return Celsius(degrees)
    }

    /// The chain states of `tunerstatus` (`TunerChainStatus[].Status`) by `HashchainIndex`.
    static func chainStates(_ tuner: JSONValue?) -> [(index: Int?, status: String)] {
        let chains = tuner?["TUNERSTATUS"]?[0]?["TunerChainStatus"]?.array ?? []
        return chains.compactMap { chain in
            text(chain["Status"]).map { (chain["HashchainIndex"]?.int, $0) }
        }
    }

    /// Whether a tuner chain status means the tuner is still searching.
    static func isTuning(_ status: String) -> Bool {
        let lower = status.lowercased()
        return lower.contains("tuning") || lower.contains("testing performance profile")
    }

    /// Whether a tuner chain status is an ordinary one (stable, tuning, paused).
    static func isOrdinary(_ status: String) -> Bool {
        let lower = status.lowercased()
        return lower == "stable" || isTuning(status) || lower.contains("paused")
    }

    /// REST `miner/details` `status` (MinerStatus): 1 not started, 3 paused, 4 suspended
    /// override the CGMiner-derived state; 2 (normal) and 5 (restricted) do not.
    static func state(minerStatus: Int?) -> MinerStatus.State? {
        switch minerStatus {
        case 1: .starting
        case 3, 4: .sleeping
        default: nil
        }
    }

    /// Status from CGMiner `summary`, `pools`, `fans`, `temps` and (BOSer) `tunerstatus`.
    static func status(
        summary: JSONValue, pools: JSONValue, fans: JSONValue, temps: JSONValue, tuner: JSONValue?
    ) -> MinerStatus {
        let entry = summary["SUMMARY"]?[0]
        let realtime = hashrate(entry, "5s")
        let chains = chainStates(tuner)
        let state: MinerStatus.State
        if chains.contains(where: { $0.status.lowercased().contains("paused") }) {
            state = .sleeping
        } else if chains.contains(where: { isTuning($0.status) }) {
            state = .tuning
        } else if let realtime, realtime.value > 0 {
            state = .mining
        } else {
            state = .unknown
        }
        let tunerEntry = tuner?["TUNERSTATUS"]?[0]
        let tempEntries = temps["TEMPS"]?.array ?? []
        let boardTemps = tempEntries.compactMap { temperature($0["Board"]) }
        let chipTemps = tempEntries.compactMap { temperature($0["Chip"]) }
        let messages = chains.filter { !isOrdinary($0.status) }.map { chain in
            "chain \(chain.index.map(String.init) ?? "?"): \(chain.status)"
        }
        return MinerStatus(
            state: state, hashrateRealtime: realtime, hashrateAverage: hashrate(entry, "av"),
            power: Watts.finite(tunerEntry?["ApproximateMinerPowerConsumption"]?.double), powerSource: .measured,
            powerTarget: Watts.finite(tunerEntry?["PowerLimit"]?.double), boardTempMin: boardTemps.min(),
            boardTempMax: boardTemps.max(), chipTempMin: chipTemps.min(), chipTempMax: chipTemps.max(),
            fans: (fans["FANS"]?.array ?? []).compactMap { RPM.finite($0["RPM"]?.double) },
            pools: (pools["POOLS"]?.array ?? []).compactMap(pool), uptimeSeconds: entry?["Elapsed"]?.int,
            messages: messages)
    }

    /// One `POOLS[]` entry.
    static func pool(_ entry: JSONValue) -> MinerStatus.Pool? {
        guard let url = text(entry["URL"]) else { return nil }
        return MinerStatus.Pool(
            url: url, user: text(entry["User"]), alive: text(entry["Status"]).map { $0.lowercased() == "alive" },
            active: entry["Stratum Active"]?.bool, accepted: entry["Accepted"]?.int, rejected: entry["Rejected"]?.int)
    }

    /// Boards from CGMiner `devs`, joined by ID with `temps`, `devdetails` and the tuner's
    /// `TunerChainStatus` (`HashchainIndex`).
    static func telemetry(
        devs: JSONValue, temps: JSONValue, devdetails: JSONValue?, tuner: JSONValue?
    ) -> [BoardTelemetry] {
        let tempsByID = byID(temps["TEMPS"], key: "ID")
        let detailsByID = byID(devdetails?["DEVDETAILS"], key: "ID")
        let chainsByID = byID(tuner?["TUNERSTATUS"]?[0]?["TunerChainStatus"], key: "HashchainIndex")
        return (devs["DEVS"]?.array ?? []).compactMap { dev in
            guard let id = dev["ID"]?.int else { return nil }
            let temp = tempsByID[id]
            let details = detailsByID[id]
            let chain = chainsByID[id]
            return BoardTelemetry(
                index: id, hashrate: hashrate(dev, "5s"),
                hashrateNominal: dev["Nominal MHS"]?.double.flatMap { HashRate.parse($0, unit: "MH") },
                frequency: Megahertz.finite(details?["Frequency"]?.double),
                voltage: Volts.finite(details?["Voltage"]?.double),
                power: Watts.finite(chain?["ApproximatePowerConsumptionWatt"]?.double),
                boardTemps: temperature(temp?["Board"]).map { [$0] } ?? [],
                chipTemps: temperature(temp?["Chip"]).map { [$0] } ?? [], chipsWorking: details?["Chips"]?.int,
                hardwareErrors: dev["Hardware Errors"]?.int, state: text(chain?["Status"]) ?? text(dev["Status"]))
        }
    }

    /// The entries of an array keyed by an integer member (the first entry wins).
    static func byID(_ list: JSONValue?, key: String) -> [Int: JSONValue] {
        var result: [Int: JSONValue] = [:]
        for entry in list?.array ?? [] {
            if let id = entry[key]?.int, result[id] == nil { result[id] = entry }
        }
        return result
    }
}
