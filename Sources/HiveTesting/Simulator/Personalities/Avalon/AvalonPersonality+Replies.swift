import HiveProtocols

/// `version` and `stats` in the recorded shapes, filled with the miner's live values.
extension AvalonPersonality {
    /// The firmware each generation runs (the recorded versions).
    var firmwareVersion: String { isQ ? "25052801_14a19a2" : "24102401_25462b2_9ddf522" }

    /// `MODEL`: the model name without its product prefix ("15-194", "Q").
    var modelCode: String {
        String(miner.model.name.split(separator: " ").last ?? "")
    }

    /// `version`: the Avalon Q shape (`avalonminer/q-25052801/cgminer__version.json`) or the
    /// A-series one (`avalonminer/a1566-24102401/cgminer__version.json`, compact MAC).
    func version(_ live: LiveReading) -> [UInt8] {
        let entry: WireJSON
        if isQ {
            entry = [
                "API": "3.7", "BVERSION": .string(firmwareVersion), "CGMiner": "4.11.1",
                "CGVERSION": .string(firmwareVersion), "DNA": .string(miner.serial), "FANMCUVERSION": "Q_fb_v1.2",
                "HBMCUVERSION": "Q_hb_v1.1", "HWTYPE": "Q_MM1v1_X1", "LVERSION": .string(firmwareVersion),
                "MAC": .string(miner.mac), "MODEL": .string(modelCode), "PROD": .string(miner.model.name),
                "SWTYPE": "MM319",
            ]
        } else {
            entry = [
                "CGMiner": "4.11.1", "API": "3.7", "STM8": "20.08.01", "PROD": .string(miner.model.name),
                "MODEL": .string(modelCode), "HWTYPE": "MM4v2_X3", "SWTYPE": "MM319",
                "VERSION": .string(firmwareVersion), "LOADER": "d0d779de.00", "DNA": .string(miner.serial),
                "MAC": .string(miner.mac.filter { $0 != ":" }), "UPAPI": "2",
            ]
        }
        return CGMinerReplies.reply(
            section: "VERSION", [entry], code: 22, message: "CGMiner versions", when: live.unixTime,
            description: Self.description)
    }

    /// `stats`: `STATS[0]` with the bracketed status string (and `HBinfo` on the Q), then the
    /// pool entry, as recorded.
    func stats(_ live: LiveReading) -> [UInt8] {
        var device: [(String, WireJSON)] = [
            ("STATS", 0), ("ID", isQ ? "AVALON0" : "AVA100"), ("Elapsed", .int(live.uptime)), ("Calls", 0),
            ("Wait", .fixed(0, digits: 1)), ("Max", .fixed(0, digits: 1)), ("Min", .fixed(99_999_999, digits: 1)),
        ]
        if isQ {
            device.append(("MM ID0:Summary", .string("'STATS':{\(status(live))}")))
            device.append(("HBinfo", .string("'HB0':{\(chipArrays(live.chains[0], live))}")))
        } else {
            device.append(
                (
                    "MM ID0",
                    .string(status(live) + " " + live.chains.map { chipArrays($0, live) }.joined(separator: " "))
                ))
            device += [("MM Count", 1), ("Smart Speed", 1), ("Nonce Mask", 25)]
        }
        let pool: WireJSON = [
            "STATS": 1, "ID": "POOL0", "Elapsed": .int(live.uptime), "Calls": 0, "Wait": .fixed(0, digits: 1),
        ]
        return CGMinerReplies.reply(
            section: "STATS", [.object(device), pool], code: 70, message: "CGMiner stats", when: live.unixTime,
            description: Self.description)
    }

    /// The machine keys: `Ver[…] … SYSTEMSTATU[…] … PS[…] … WORKMODE[n]`.
    private func status(_ live: LiveReading) -> String {
        let chains = live.chains
        let hashing = live.isHashing
        let mode = Mode(rawValue: live.configured.name) ?? .high
        let wall = live.power.value.rounded()
        let output = (wall * 0.945).rounded()
        let hashVolts = hashing ? Int((miner.model.voltage / 10).rounded()) : 4
        let amps = hashing ? Int((output / (Double(hashVolts) / 100)).rounded()) : 0
        let chipMax = chains.flatMap(\.chipTemps).max() ?? 0
        let chipAvg =
            chains.isEmpty
            ? 0 : chains.map { $0.chipTemps.reduce(0, +) / max(1, $0.chipTemps.count) }.reduce(0, +) / chains.count
        var keys: [(String, String)] = [
            ("Ver", "\(modelCode)-\(firmwareVersion)"), ("DNA", miner.serial),
            ("SYSTEMSTATU", "Work: \(hashing ? "In Work" : "In Idle"), Hash Board: \(chains.count) "),
            ("Elapsed", "\(live.uptime)"), ("MH", chains.map { "\($0.hardwareErrors)" }.joined(separator: " ")),
            ("HW", "\(live.hardwareErrors)"), ("Temp", "25"), ("TMax", "\(hashing ? chipMax : 0)"),
            ("TAvg", "\(hashing ? chipAvg : 0)"),
        ]
        for (index, rpm) in live.fans.enumerated() { keys.append(("Fan\(index + 1)", "\(hashing ? rpm : 0)")) }
        keys.append(("PS", "0 1209 \(hashVolts) \(amps) \(Int(hashing ? output : 0)) \(hashVolts) \(Int(wall))"))
        if !isQ { keys.append(("WALLPOWER", "\(Int(wall))")) }
        keys += [
            ("GHSspd", WireJSON.fixed(live.rateGH, digits: 2)), ("GHSmm", WireJSON.fixed(live.idealGH, digits: 2)),
            ("GHSavg", WireJSON.fixed(live.averageGH, digits: 2)),
            ("Freq", WireJSON.fixed(hashing ? live.setting.frequency : 0, digits: 2)),
            ("MGHS", chains.map { WireJSON.fixed($0.rate, digits: 2) }.joined(separator: " ")),
        ]
        if isQ {
            keys += [("HBITemp", "\(hashing ? 40 : 27)"), ("HBOTemp", "\(hashing ? 52 : 27)")]
            let change = live.unixTime - live.stateSeconds
            let (off, on) = live.configuredAsleep ? (change, change - 60) : (change - 60, change)
            keys += [
                ("SoftOffTime", "\(off)"), ("SoftOnTime", "\(on)"), ("SoftOFF", live.configuredAsleep ? "4" : "0"),
            ]
        } else {
            keys += [
                ("Led", live.locate ? "1" : "0"),
                ("MTmax", chains.map { "\(hashing ? ($0.chipTemps.max() ?? 0) : 0)" }.joined(separator: " ")),
                (
                    "MTavg",
                    chains.map { "\(hashing ? $0.chipTemps.reduce(0, +) / max(1, $0.chipTemps.count) : 0)" }.joined(
                        separator: " ")
                ),
                ("SoftOFF", live.configuredAsleep ? "1" : "0"),
            ]
        }
        keys += [
            ("MPO", "\(Int(live.configured.power.value.rounded()))"),
            ("WORKMODE", "\(mode.workMode(isQ: isQ) ?? 0)"),
        ]
        if isQ { keys.append(("WORKLEVEL", "0")) }
        return keys.map { "\($0.0)[\($0.1)]" }.joined(separator: " ")
    }

    /// `PVT_T<i>[…] PVT_V<i>[…] MW<i>[…]`: chip temperatures around the board's sensors,
    /// voltages in mV, work counts (0 while idle).
    private func chipArrays(_ chain: LiveReading.Chain, _ live: LiveReading) -> String {
        let count = miner.model.chipsPerChain
        let temps = (0..<count).map { chain.chipTemps[$0 % max(1, chain.chipTemps.count)] - ($0 % 3) }
        let volts = (0..<count).map { 285 + ($0 % 7) }
        let work = (0..<count).map { live.isHashing ? 18 + ($0 % 9) : 0 }
        let index = chain.index
        return "PVT_T\(index)[\(temps.map(String.init).joined(separator: " "))] "
            + "PVT_V\(index)[\(volts.map(String.init).joined(separator: " "))] "
            + "MW\(index)[\(work.map(String.init).joined(separator: " "))]"
    }
}
