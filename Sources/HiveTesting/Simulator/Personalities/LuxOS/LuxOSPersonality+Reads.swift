import HiveProtocols

/// The reads, in the shapes of `firmware-samples/luxos/v1/cgminer__<command>.json`.
extension LuxOSPersonality {
    func read(_ command: String, _ parameter: String?, live: LiveReading, at local: LocalEndpoint) -> [UInt8]? {
        switch command {
        case "version":
            let version: WireJSON = [
                "API": "3.7", "CompileTime": "Tue Apr  8 22:05:35 UTC 2025", "LUXminer": .string(Self.firmwareVersion),
                "Miner": "2025.4.8.220305", "Type": .string(miner.model.name),
            ]
            return reply("VERSION", [version], code: 22, message: "LUXminer versions", live)
        case "config": return reply("CONFIG", [config(live, at: local)], code: 33, message: "LUXminer config", live)
        case "summary": return reply("SUMMARY", [summary(live)], code: 11, message: "Summary", live)
        case "stats": return stats(live)
        case "devs":
            return reply(
                "DEVS", live.chains.map { device($0, live) }, code: 9, message: "\(live.chains.count) ASC(s)", live)
        case "pools": return CGMinerReplies.pools(live, user: "sim.\(miner.hostname)", description: Self.description)
        case "power":
            let power: WireJSON = ["PSU": false, "Watts": .int(Int(live.power.value.rounded()))]
            return reply("POWER", [power], code: 311, message: "Power usage", live)
        case "temps": return temps(live)
        case "fans":
            let fans = live.fans.enumerated().map { index, rpm -> WireJSON in
                [
                    "FAN": .string("FAN\(index + 1)"), "ID": .int(index), "RPM": .int(rpm),
                    "Speed": .int(min(100, rpm / 60)),
                ]
            }
            return reply("FANS", fans, code: 202, message: "\(fans.count) Fan(s)", live)
        case "profiles":
            return reply("PROFILES", ladder.profiles.map(profile), code: 323, message: "List profiles", live)
        case "healthchipget": return chips(board: parameter, live)
        case "voltageget":
            guard let chain = chain(parameter, live) else {
                return status("E", code: 14, message: "Invalid board", live)
            }
            let voltage: WireJSON = ["Board": .int(chain.index), "Voltage": .fixed(chain.voltage / 1000, digits: 2)]
            return reply("VOLTAGE", [voltage], code: 307, message: "Get Voltage", live)
        case "session":
            let id = sessions.active(now: now.time, boot: now.boot) ?? ""
            return reply("SESSION", [["SessionID": .string(id)]], code: 319, message: "Session information", live)
        default:
            return nil
        }
    }

    /// `CONFIG[0]` (`cgminer__config.json`): the profile, curtail mode, ATM and LED as they are now.
    private func config(_ live: LiveReading, at local: LocalEndpoint) -> WireJSON {
        [
            "ASC Count": .int(live.chains.count), "ControlBoardType": "cvitek", "Cooling": "Air",
            "CurtailMode": live.configuredAsleep ? "Sleep" : "None", "DHCP": true, "GreenLed": "auto",
            "Hostname": .string(miner.hostname), "IPAddr": .string(local.address),
            "IsAtmEnabled": .bool(sessions.atmEnabled), "IsPowerSupplyOn": .bool(!live.configuredAsleep),
            "MACAddr": .string(miner.mac.lowercased()), "Model": .string(miner.model.name),
            "NameplateTHS": .number(miner.model.nominalHashrate.terahashesPerSecond), "OS": "LuxOS", "PGA Count": 0,
            "Pool Count": 3, "Profile": .string(live.configured.name),
            "ProfileStep": .string(ladder.profile(live.configured.name).map { "\($0.step)" } ?? "0"),
            "RedLed": live.locate ? "blink" : "auto", "SerialNumber": .string(miner.serial), "Strategy": "Failover",
            "SystemStatus": "Normal",
        ]
    }

    /// `SUMMARY[0]`, hash rates in GH/s.
    private func summary(_ live: LiveReading) -> WireJSON {
        [
            "Accepted": .int(live.accepted), "Elapsed": .int(live.uptime), "GHS 15m": .fixed(live.averageGH, digits: 2),
            "GHS 1m": .fixed(live.rateGH, digits: 2), "GHS 5m": .fixed(live.averageGH, digits: 2),
            "GHS 5s": .fixed(live.rateGH, digits: 2), "GHS av": .fixed(live.averageGH, digits: 2),
            "Hardware Errors": .int(live.hardwareErrors), "Rejected": .int(live.rejected), "Stale": 0,
        ]
    }

    /// `STATS`: the version entry, then the chain entry with `chain_*<n>` for chain `n` = board `n-1`.
    private func stats(_ live: LiveReading) -> [UInt8] {
        var chains: [(String, WireJSON)] = [
            ("Elapsed", .int(live.uptime)), ("GHS 5s", .fixed(live.rateGH, digits: 2)),
            ("GHS av", .fixed(live.averageGH, digits: 2)), ("ID", "BTM_SOC0"),
        ]
        for chain in live.chains {
            let n = chain.index + 1
            let hashing = chain.rate > 0
            chains += [
                ("chain_acn\(n)", .int(hashing ? chain.chips : 0)), ("chain_hw\(n)", .int(chain.hardwareErrors)),
                ("chain_rate\(n)", .string(WireJSON.fixed(chain.rate, digits: 2))),
                ("freq\(n)", .fixed(hashing ? chain.frequency : 0, digits: 1)),
                ("temp2_\(n)", .fixed(Double(chain.boardTemps.max() ?? 0), digits: 1)),
            ]
        }
        chains += [
            ("miner_count", .int(live.chains.count)),
            ("miner_id", .string(miner.mac.replacingOccurrences(of: ":", with: "").lowercased())),
            ("rate_unit", "GH"), ("total_rateideal", .fixed(live.idealGH, digits: 1)),
        ]
        let version: WireJSON = [
            "CompileTime": "Tue Apr  8 22:05:35 UTC 2025", "Miner": "2025.4.8.220305",
            "Type": .string(miner.model.name),
        ]
        return reply("STATS", [version, .object(chains)], code: 70, message: "LUXminer stats", live)
    }

    /// One `DEVS` entry, hash rates in MH/s; `IsRamping` while a profile change or wake-up runs.
    private func device(_ chain: LiveReading.Chain, _ live: LiveReading) -> WireJSON {
        [
            "ASC": .int(chain.index), "Accepted": .int(live.accepted / max(1, live.chains.count)), "Board": "BHB56903",
            "Connector": .string("J\(7 + chain.index)"), "Enabled": "Y", "Hardware Errors": .int(chain.hardwareErrors),
            "ID": .int(chain.index), "IsRamping": .bool(live.activity == .tuning || live.activity == .starting),
            "IsUserShutdown": false, "MHS 1m": .fixed(chain.rate * 1000, digits: 3),
            "MHS 5s": .fixed(chain.rate * 1000, digits: 3), "MHS av": .fixed(chain.rate * 1000, digits: 3),
            "Nominal MHS": .fixed(chain.ideal * 1000, digits: 1), "Profile": .string(live.configured.name),
            "SerialNumber": .string("\(miner.serial)B\(chain.index)"), "Status": "Alive",
            "Temperature": .fixed(Double(chain.boardTemps.max() ?? 0), digits: 1),
        ]
    }

    /// `TEMPS`: four PCB sensors per board (exhaust left, intake right), with `METADATA`.
    private func temps(_ live: LiveReading) -> [UInt8] {
        let items = live.chains.map { chain -> WireJSON in
            let t = chain.boardTemps.map { Double($0) } + [0, 0, 0, 0]
            return [
                "BottomLeft": .fixed(t[2], digits: 1), "BottomRight": .fixed(t[3], digits: 1), "ID": .int(chain.index),
                "TEMP": .int(chain.index), "TopLeft": .fixed(t[0], digits: 1), "TopRight": .fixed(t[1], digits: 1),
            ]
        }
        let metadata: WireJSON = [
            "BottomLeft": ["Label": "Board Exhaust (bottom)", "Position": [1, 0]],
            "BottomRight": ["Label": "Board Intake (bottom)", "Position": [1, 1]],
            "TopLeft": ["Label": "Board Exhaust (top)", "Position": [0, 0]],
            "TopRight": ["Label": "Board Intake (top)", "Position": [0, 1]],
        ]
        return WireJSON.object([
            ("METADATA", [metadata]),
            (
                "STATUS",
                [
                    CGMinerReplies.status(
                        "S", code: 201, message: "\(items.count) Temp(s)", when: live.unixTime,
                        description: Self.description)
                ]
            ),
            ("TEMPS", .array(items)), ("id", 1),
        ]).bytes
    }

    /// One `PROFILES` entry.
    private func profile(_ profile: LuxOSProfileLadder.Profile) -> WireJSON {
        [
            "CanRestore": true, "Frequency": .int(Int(profile.frequency)), "HasOverrides": false,
            "Hashrate": .fixed(profile.terahashes, digits: 1), "IsDynamic": true, "IsTuned": .bool(profile.isTuned),
            "Profile Name": .string(profile.name), "Step": .string("\(profile.step)"),
            "Voltage": .number(profile.voltage), "Watts": .int(profile.watts),
        ]
    }

    /// `healthchipget <board>`: every chip's share of the board's hash rate (no chips while the
    /// boards are off).
    private func chips(board parameter: String?, _ live: LiveReading) -> [UInt8] {
        guard let chain = chain(parameter, live) else { return status("E", code: 14, message: "Invalid board", live) }
        let when = live.unixTime * 1000
        let items: [WireJSON] =
            chain.rate <= 0
            ? []
            : (0..<chain.chips).map { index in
                let noise = 1 + 0.04 * SeededNoise.signed(miner.seed, 0xC41F, UInt64(chain.index * 1000 + index))
                let rate = chain.rate / Double(chain.chips) * noise
                return [
                    "Board": .int(chain.index), "Chip": .int(index), "Frequency": .int(Int(chain.frequency)),
                    "GHS 15m": .fixed(rate, digits: 2), "GHS 1m": .fixed(rate, digits: 2),
                    "GHS 5m": .fixed(rate, digits: 2),
                    "Healthy": "Y", "IsChecking": false, "When": .int(when),
                ]
            }
        return reply("CHIPS", items, code: 314, message: "Health Chip Get", live)
    }

    /// The chain a board-number parameter names.
    private func chain(_ parameter: String?, _ live: LiveReading) -> LiveReading.Chain? {
        guard let text = parameter?.split(separator: ",").first, let index = Int(text) else { return nil }
        return live.chains.first { $0.index == index }
    }
}
