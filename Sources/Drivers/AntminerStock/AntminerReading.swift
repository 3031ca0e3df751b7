import HiveProtocols

/// What one stats reading says, normalised: from CGMiner `stats` on port 4028 (BMMiner's
/// flat `chain_*N` / `temp*_N` / `fanN` keys) or from `summary.cgi` + `stats.cgi` (the
/// KS5/S21-era CGI replies with `rate_unit`, `fan[]` and `chain[]`). Pure: no I/O.
struct AntminerReading: Sendable {
    /// Model as the reply names it (`Type`, or CGI `INFO.type`), normalised.
    var model: AntminerModel?
    /// 5-second hash rate.
    var realtime: HashRate?
    /// Session-average hash rate.
    var average: HashRate?
    /// Ideal hash rate for the current setting, when the firmware reports a non-zero one.
    var ideal: HashRate?
    /// Whether the reply carried hash-rate fields at all (else `summary` is needed).
    var hasRateFields = false
    /// Seconds since the miner process started.
    var elapsed: Int?
    /// BMMiner's `Mode` field (254 = sleeping on X17 firmware).
    var modeField: Int?
    /// The work mode the CGI stats report at runtime (`miner-mode`), if any.
    var runtimeMode: AntminerWorkMode?
    /// Boards that exist, by firmware index.
    var boards: [BoardTelemetry] = []
    /// Fans that report a speed.
    var fans: [RPM] = []
    /// Non-success entries of the CGI summary's `status[]`: (type, status, code, message).
    var problems: [(type: String, status: String, code: Int?, message: String?)] = []

    /// Whether the firmware reports an error (`status` "e") for some subsystem.
    var reportsError: Bool { problems.contains { $0.status.lowercased() == "e" } }
}

extension AntminerReading {
    /// Reads a CGMiner `stats` reply. `STATS[0]` is the version block (`Type`), `STATS[1]` the data.
    init(rpcStats reply: JSONValue) {
        let blocks = reply["STATS"]?.array ?? []
        let info = blocks.first { $0["Type"] != nil }
        let data: JSONValue? = blocks.first { $0["Elapsed"] != nil || $0["GHS 5s"] != nil } ?? blocks.dropFirst().first
        model = AntminerModel(info?["Type"]?.string)
        guard let fields = data?.object else { return }
        let unit = fields["rate_unit"]?.string ?? (model == nil ? "GH" : model?.legacyRateUnit)
        hasRateFields = fields["GHS 5s"] != nil || fields["GHS av"] != nil
        realtime = AntminerFields.rate(fields["GHS 5s"], unit: unit)
        average = AntminerFields.rate(fields["GHS av"], unit: unit)
        ideal = AntminerFields.positive(fields["total_rateideal"]).flatMap { HashRate.parse($0, unit: unit ?? "") }
        elapsed = fields["Elapsed"]?.int
        modeField = fields["Mode"]?.int
        fans = AntminerFields.numbered(fields, prefix: "fan").sorted { $0.key < $1.key }
            .compactMap { AntminerFields.positive($0.value).map(RPM.init) }
        boards = AntminerReading.rpcBoards(fields, unit: unit)
    }

    /// Adds the hash rates of a CGMiner `summary` reply (for firmware whose `stats` lacks them).
    mutating func merge(rpcSummary reply: JSONValue) {
        guard let fields = reply["SUMMARY"]?[0]?.object else { return }
        let unit = model == nil ? "GH" : model?.legacyRateUnit
        realtime = realtime ?? AntminerFields.rate(fields["GHS 5s"], unit: unit)
        average = average ?? AntminerFields.rate(fields["GHS av"], unit: unit)
        elapsed = elapsed ?? fields["Elapsed"]?.int
        hasRateFields = hasRateFields || realtime != nil || average != nil
    }

    private static func rpcBoards(_ fields: [String: JSONValue], unit: String?) -> [BoardTelemetry] {
        let counts = AntminerFields.numbered(fields, prefix: "chain_acn")
        let marks = AntminerFields.numbered(fields, prefix: "chain_acs")
        let rates = AntminerFields.numbered(fields, prefix: "chain_rate")
        let indices = Set(counts.keys).union(marks.keys).union(rates.keys).sorted()
        let pcb = AntminerFields.numbered(fields, prefix: "temp_pcb")
        let chip = AntminerFields.numbered(fields, prefix: "temp_chip")
        let legacyBoard = AntminerFields.numbered(fields, prefix: "temp")
        let legacyChip = AntminerFields.numbered(fields, prefix: "temp2_")
        let averageFrequency = AntminerFields.numbered(fields, prefix: "freq_avg")
        let frequency = AntminerFields.numbered(fields, prefix: "freq")
        let frequencyLong = AntminerFields.numbered(fields, prefix: "frequency")
        let ideal = AntminerFields.numbered(fields, prefix: "chain_rateideal")
        let hardwareErrors = AntminerFields.numbered(fields, prefix: "chain_hw")
        let serials = AntminerFields.numbered(fields, prefix: "chain_SN")
            .merging(AntminerFields.numbered(fields, prefix: "chain_sn")) { first, _ in first }
        return indices.compactMap { index -> BoardTelemetry? in
            let chips = AntminerFields.chipStatus(marks[index]?.string)
            let count = counts[index]?.int
            let rateText = rates[index]?.string ?? ""
            // A board exists when the firmware counted chips, marked chips or gave it a rate.
            guard (count ?? 0) > 0 || chips != nil || !rateText.isEmpty else { return nil }
            var boardTemps = AntminerFields.temperatures(pcb[index])
            if pcb[index] == nil { boardTemps = AntminerFields.temperatures(legacyBoard[index]) }
            var chipTemps = AntminerFields.temperatures(chip[index])
            if chip[index] == nil { chipTemps = AntminerFields.temperatures(legacyChip[index]) }
            let mhz =
                AntminerFields.positive(averageFrequency[index]) ?? AntminerFields.positive(frequency[index])
                ?? AntminerFields.positive(frequencyLong[index]) ?? AntminerFields.positive(fields["frequency"])
            return BoardTelemetry(
                index: index, hashrate: AntminerFields.rate(rates[index], unit: unit),
                hashrateNominal: AntminerFields.positive(ideal[index]).flatMap { HashRate.parse($0, unit: unit ?? "") },
                frequency: mhz.map(Megahertz.init), boardTemps: boardTemps, chipTemps: chipTemps,
                chipsExpected: count ?? chips?.slots, chipsWorking: chips?.working,
                hardwareErrors: hardwareErrors[index]?.int, serial: AntminerFields.serial(serials[index]))
        }
    }
}

extension AntminerReading {
    /// Reads the CGI `summary.cgi` and `stats.cgi` replies (either may be absent).
    init(cgiSummary summary: JSONValue?, stats: JSONValue?) {
        model = AntminerModel(summary?["INFO"]?["type"]?.string ?? stats?["INFO"]?["type"]?.string)
        if let fields = summary?["SUMMARY"]?[0] {
            let unit = fields["rate_unit"]?.string
            hasRateFields = fields["rate_5s"] != nil || fields["rate_avg"] != nil
            realtime = AntminerFields.rate(fields["rate_5s"], unit: unit)
            average = AntminerFields.rate(fields["rate_avg"], unit: unit)
            ideal = AntminerFields.positive(fields["rate_ideal"]).flatMap { HashRate.parse($0, unit: unit ?? "") }
            elapsed = fields["elapsed"]?.int
            problems = (fields["status"]?.array ?? []).compactMap { entry in
                guard let status = entry["status"]?.string, status.lowercased() != "s" else { return nil }
                return (
                    entry["type"]?.string ?? "status", status, entry["code"]?.int, AntminerFields.text(entry["msg"])
                )
            }
        }
        guard let fields = stats?["STATS"]?[0] else { return }
        let unit = fields["rate_unit"]?.string
        if summary == nil { elapsed = fields["elapsed"]?.int }
        runtimeMode = fields["miner-mode"].flatMap { $0.int }.flatMap(AntminerWorkMode.init(rawValue:))
        fans = (fields["fan"]?.array ?? []).compactMap { AntminerFields.positive($0).map(RPM.init) }
        boards = (fields["chain"]?.array ?? []).enumerated().map { offset, chain in
            BoardTelemetry(
                index: chain["index"]?.int ?? offset, hashrate: AntminerFields.rate(chain["rate_real"], unit: unit),
                hashrateNominal: AntminerFields.positive(chain["rate_ideal"]).flatMap {
                    HashRate.parse($0, unit: unit ?? "")
                },
                frequency: AntminerFields.positive(chain["freq_avg"]).map(Megahertz.init),
                boardTemps: AntminerFields.temperatures(chain["temp_pcb"]),
                chipTemps: AntminerFields.temperatures(chain["temp_chip"]), chipsExpected: chain["asic_num"]?.int,
                hardwareErrors: chain["hw"]?.int, serial: AntminerFields.serial(chain["sn"]))
        }
    }
}
