/// The cgminer 4.11.1 API VNish keeps on port 4028, in the shapes of
/// `vnish/2.0.3-s17plus/cgminer__stats.json` (note `"GHS 5s"` sent as a string) and
/// `identification/foreman-cgminer-version/cgminer__version__vnish-3.8.6-s9.json`.
extension VNishPersonality {
    static let minerVersion = "49.0.1.3"
    static let compileTime = "Thu May 29 19:22:26 UTC 2025"

    /// `"Antminer S19 (vnish 1.2.6)"`.
    var typeName: String { "\(miner.model.name) (vnish \(Self.firmwareVersion))" }

    func rpc(_ command: String, live: LiveReading) -> [UInt8]? {
        let description = Self.cgminerDescription
        switch command {
        case "version":
            let version: WireJSON = [
                "CGMiner": "4.11.1", "API": "3.7", "Miner": .string(Self.minerVersion),
                "CompileTime": .string(Self.compileTime), "Type": .string(typeName),
            ]
            return CGMinerReplies.reply(
                section: "VERSION", [version], code: 22, message: "CGMiner versions", when: live.unixTime,
                description: description)
        case "summary":
            return CGMinerReplies.reply(
                section: "SUMMARY", [CGMinerReplies.summary(live)], code: 11, message: "Summary", when: live.unixTime,
                description: description)
        case "stats":
            let info: WireJSON = [
                "Cgminer": "4.11.1", "Miner": .string(Self.minerVersion), "CompileTime": .string(Self.compileTime),
                "Type": .string(typeName),
            ]
            return CGMinerReplies.reply(
                section: "STATS", [info, stats(live)], code: 70, message: "CGMiner stats", when: live.unixTime,
                description: description)
        case "pools":
            return CGMinerReplies.pools(live, user: "sim.\(miner.hostname)", description: description)
        default:
            return nil
        }
    }

    private func stats(_ live: LiveReading) -> WireJSON {
        let chains = live.chains
        var members: [(String, WireJSON)] = [
            ("STATS", 0), ("ID", .string("BTM_\(Self.shortName(miner.model).uppercased())_0")),
            ("Elapsed", .int(live.uptime)),
            ("Calls", 0), ("Wait", .fixed(0, digits: 6)), ("Max", .fixed(0, digits: 6)),
            ("Min", .fixed(99_999_999, digits: 6)),
            ("GHS 5s", .string(WireJSON.fixed(live.rateGH, digits: 2))), ("GHS av", .fixed(live.averageGH, digits: 2)),
            ("miner_count", .int(chains.count)), ("total_acn", .int(chains.reduce(0) { $0 + $1.chips })),
            ("frequency", .int(Int(live.setting.frequency))),
            ("total_freqavg", .fixed(live.isHashing ? live.setting.frequency : 0, digits: 2)),
            ("total_rateideal", .fixed(live.idealGH, digits: 2)), ("total_rate", .fixed(live.rateGH, digits: 2)),
            ("state", .string(Self.stateWord(live.activity))), ("fan_num", .int(live.fans.count)), ("fan_mode", 0),
            ("fan_pwm", 100),
        ]
        for (index, rpm) in live.fans.enumerated() { members.append(("fan\(index + 1)", .int(rpm))) }
        members.append(("temp_num", .int(chains.count)))
        let perChain: [(String, (LiveReading.Chain) -> WireJSON)] = [
            ("temp", { .int($0.boardTemps.max() ?? 0) }), ("temp2_", { .int($0.chipTemps.max() ?? 0) }),
            ("temp3_", { .int($0.chipTemps.max() ?? 0) }),
            ("temp_pcb", { .string($0.boardTemps.map(String.init).joined(separator: "-")) }),
            ("temp_chip", { .string($0.chipTemps.map(String.init).joined(separator: "-")) }),
            ("chain_acn", { .int($0.chips) }), ("chain_vol", { .int(Int($0.voltage)) }),
            ("freq_avg", { chain in .fixed(live.isHashing ? chain.frequency : 0, digits: 2) }),
            ("chain_rateideal", { .fixed($0.ideal, digits: 2) }), ("chain_rate", { .fixed($0.rate, digits: 2) }),
            ("chain_hw", { .int($0.hardwareErrors) }),
            ("chain_acs", { chain in .string(chipMarks(chain.chips, hashing: live.isHashing)) }),
            ("chain_consumption", { .int(Int($0.power.rounded())) }),
        ]
        for (prefix, value) in perChain {
            for chain in chains { members.append(("\(prefix)\(chain.index + 1)", value(chain))) }
        }
        members += [("miner_version", .string(Self.minerVersion)), ("build_version", .string(Self.firmwareVersion))]
        return .object(members)
    }

    /// `"ooooo ooooo …"`: groups of five marks, as the VNish 2.0.3 capture prints them.
    private func chipMarks(_ chips: Int, hashing: Bool) -> String {
        let mark: Character = hashing ? "o" : "x"
        var groups: [String] = []
        var remaining = chips
        while remaining > 0 {
            groups.append(String(repeating: mark, count: min(5, remaining)))
            remaining -= 5
        }
        return groups.joined(separator: " ")
    }
}
