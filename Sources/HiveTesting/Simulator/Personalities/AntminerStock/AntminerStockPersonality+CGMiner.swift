/// BMMiner's CGMiner API replies, in the S19 shapes of `antminer-stock/v2020/cgminer__*.json`
/// (values) and `antminer-stock/s19-2020-12-sleeping/cgminer__*.json` (wire member order).
extension AntminerStockPersonality {
    /// The BMMiner build the simulated S19s run (`antminer-stock/v2020/cgminer__version.json`).
    static let minerVersion = "49.0.1.3"
    static let compileTime = "Tue Dec  6 16:12:30 CST 2022"
    /// `system_filesystem_version`: the build date, single-spaced as `get_system_info.cgi` prints it.
    static let buildDate = "Tue Dec 6 16:12:30 CST 2022"

    /// Renders one CGMiner command, or `nil` for an unknown one.
    func rpc(_ command: String, live: LiveReading) -> [UInt8]? {
        let description = Self.cgminerDescription
        switch command {
        case "version":
            let version: WireJSON = [
                "BMMiner": "1.0.0", "API": "3.1", "Miner": .string(Self.minerVersion),
                "CompileTime": .string(Self.compileTime), "Type": .string(miner.model.name),
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
                "BMMiner": "1.0.0", "Miner": .string(Self.minerVersion), "CompileTime": .string(Self.compileTime),
                "Type": .string(miner.model.name),
            ]
            return CGMinerReplies.reply(
                section: "STATS", [info, stats(live)], code: 70, message: "CGMiner stats", when: live.unixTime,
                description: description)
        case "pools":
            return CGMinerReplies.pools(live, user: "sim.\(miner.hostname)", description: description)
        case "devs":
            return CGMinerReplies.reply(
                section: "DEVS", [devs(live)], code: 9, message: "1 ASC(s)", when: live.unixTime,
                description: description)
        default:
            return nil
        }
    }

    private func stats(_ live: LiveReading) -> WireJSON {
        var members: [(String, WireJSON)] = [
            ("STATS", 0), ("ID", "BTM_SOC0"), ("Elapsed", .int(live.uptime)), ("Calls", 0), ("Wait", 0), ("Max", 0),
            ("Min", 99_999_999), ("GHS 5s", .fixed(live.rateGH, digits: 2)),
            ("GHS av", .fixed(live.averageGH, digits: 2)),
            ("rate_30m", .fixed(live.averageGH, digits: 2)), ("Mode", 2), ("miner_count", .int(live.chains.count)),
            ("frequency", .int(Int(live.setting.frequency))), ("fan_num", .int(live.fans.count)),
        ]
        for (index, rpm) in live.fans.enumerated() { members.append(("fan\(index + 1)", .int(rpm))) }
        members.append(("temp_num", .int(live.chains.count)))
        for chain in live.chains {
            members.append(("temp\(chain.index + 1)", .int(chain.boardTemps.max() ?? 0)))
            members.append(("temp2_\(chain.index + 1)", .int(chain.chipTemps.max() ?? 0)))
        }
        let slots = 1...4
        for (prefix, values) in [
            ("temp_pcb", live.chains.map(\.boardTemps)), ("temp_chip", live.chains.map(\.chipTemps)),
            ("temp_pic", live.chains.map { $0.boardTemps.map { $0 - 10 } }),
        ] {
            for slot in slots {
                let temps = slot <= values.count ? values[slot - 1] : [0, 0, 0, 0]
                members.append(("\(prefix)\(slot)", .string(temps.map(String.init).joined(separator: "-"))))
            }
        }
        let totalChips = live.chains.reduce(0) { $0 + $1.chips }
        members += [
            ("total_rateideal", .fixed(live.idealGH, digits: 1)), ("rate_unit", "GH"),
            ("total_freqavg", .int(live.isHashing ? Int(live.setting.frequency) : 0)), ("total_acn", .int(totalChips)),
            ("total rate", .fixed(live.averageGH, digits: 2)), ("temp_max", 0),
            ("no_matching_work", .int(live.hardwareErrors)),
        ]
        appendChainFields(&members, live)
        members += [
            ("miner_version", .string(Self.minerVersion)), ("miner_id", .string(SeededNoise.hex(16, miner.seed, 0x1D))),
        ]
        return .object(members)
    }

    private func appendChainFields(_ members: inout [(String, WireJSON)], _ live: LiveReading) {
        let chain = { (slot: Int) in slot <= live.chains.count ? live.chains[slot - 1] : nil }
        for slot in 1...4 { members.append(("chain_acn\(slot)", .int(chain(slot)?.chips ?? 0))) }
        for slot in 1...4 {
            members.append(
                ("chain_acs\(slot)", .string(chain(slot).map { chipMarks($0.chips, hashing: live.isHashing) } ?? "")))
        }
        for slot in 1...4 { members.append(("chain_hw\(slot)", .int(chain(slot)?.hardwareErrors ?? 0))) }
        for slot in 1...4 {
            members.append(("chain_rate\(slot)", .string(chain(slot).map { WireJSON.fixed($0.rate, digits: 2) } ?? "")))
        }
        for slot in 1...4 {
            members.append(("freq\(slot)", .int(chain(slot).map { _ in Int(live.setting.frequency) } ?? 0)))
        }
    }

    /// `" ooo ooo …"`: one mark per chip, grouped by voltage domain; `x` while not hashing.
    private func chipMarks(_ chips: Int, hashing: Bool) -> String {
        let domain = max(1, miner.model.chipsPerDomain)
        let group = String(repeating: hashing ? "o" : "x", count: domain)
        return String(repeating: " " + group, count: chips / domain)
    }

    private func devs(_ live: LiveReading) -> WireJSON {
        [
            "ASC": 0, "Name": "BTM_SOC", "ID": 0, "Enabled": "Y", "Status": "Alive",
            "Tenperature": .fixed(0, digits: 1),
            "MHS av": .fixed(0, digits: 1), "MHS 5s": .fixed(0, digits: 1), "Accepted": .int(live.accepted),
            "Rejected": .int(live.rejected), "Hardware Errors": 0, "Utility": .fixed(0, digits: 1),
            "Last Share Pool": 0, "Last Share Time": .int(live.unixTime), "Total MH": .fixed(0, digits: 1),
            "Diff1 Work": 0, "Difficulty Accepted": .int(live.accepted * 524_288),
            "Difficulty Rejected": .int(live.rejected * 524_288), "Last Share Difficulty": .int(live.unixTime),
            "Last Valid Work": .int(live.unixTime), "Device Hardware%": .fixed(0, digits: 1),
            "Device Rejected%": .fixed(0, digits: 1), "Device Elapsed": .int(live.uptime),
        ]
    }
}
