import HiveProtocols

/// API v2 on port 4028: the reads, in the shapes of `firmware-samples/whatsminer/v2/*`.
extension WhatsminerPersonality {
    static let description = "cgminer 4.9.2"

    func v2(_ call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        let live = miner.reading()
        if let request = try? TolerantJSONReader.parse(call.bytes), request["enc"] != nil {
            return privileged(request, live: live, at: local)
        }
        switch call.command {
        case "summary":
            return CGMinerReplies.reply(
                section: "SUMMARY", [summary(live)], code: 11, message: "Summary", when: live.unixTime,
                description: Self.description)
        case "devs", "edevs":
            return CGMinerReplies.reply(
                section: "DEVS", live.chains.map { device($0, live) }, code: 9,
                message: "\(live.chains.count) ASC(s)", when: live.unixTime, description: Self.description)
        case "devdetails":
            let items = live.chains.map { chain -> WireJSON in
                [
                    "DEVDETAILS": .int(chain.index), "Name": "SM", "ID": .int(chain.index), "Driver": "bitmicro",
                    "Kernel": "", "Model": .string(typeName),
                ]
            }
            return CGMinerReplies.reply(
                section: "DEVDETAILS", items, code: 69, message: "Device Details", when: live.unixTime,
                description: Self.description)
        case "pools":
            return pools(live)
        case "get_version":
            return flat(
                ["api_ver": .string(firmware.api), "fw_ver": .string(firmware.version), "platform": "H616"], live)
        case "get_miner_info":
            return flat(
                [
                    "hostname": .string(miner.hostname), "ledstat": live.locate ? "manual" : "auto",
                    "mac": .string(miner.mac),
                ],
                live)
        case "get_psu":
            return flat(["fan_speed": "6000", "hw_version": "", "model": "P222B", "name": "P222B"], live)
        case "get_error_code":
            return flat(["error_code": .array([])], live)
        case "status":
            return flat(
                [
                    "FirmwareVersion": .string(firmware.version), "hash_percent": "0",
                    "mineroff": live.configuredAsleep ? "true" : "false", "mineroff_reason": "", "mineroff_time": "",
                    "power_limit_set": .string(live.configured.name), "power_mode": "normal",
                ], live)
        case "get_token" where !firmware.isV3:
            let (now, unix) = miner.withState { _, now in (now, live.unixTime) }
            let token = tokens.issue(now: now, unixTime: unix)
            return WireJSON.object([
                ("STATUS", "S"), ("When", .int(live.unixTime)), ("Code", 134),
                (
                    "Msg",
                    ["time": .string(token.time), "salt": .string(token.salt), "newsalt": .string(token.newSalt)]
                ), ("Description", ""),
            ]).bytes
        default:
            return CGMinerReplies.invalidCommand(when: live.unixTime, description: Self.description)
        }
    }

    /// `{"Code":131,"Description":"","Msg":{…},"STATUS":"S","When":…}` (the `get_*` shape).
    func flat(_ message: WireJSON, _ live: LiveReading) -> [UInt8] {
        WireJSON.object([
            ("STATUS", "S"), ("When", .int(live.unixTime)), ("Code", 131), ("Msg", message), ("Description", ""),
        ]).bytes
    }

    /// A v2 error `{"STATUS":"E",…}`.
    static func error(_ code: Int, _ message: String, when: Int) -> [UInt8] {
        WireJSON.object([
            ("STATUS", "E"), ("When", .int(when)), ("Code", .int(code)), ("Msg", .string(message)), ("Description", ""),
        ]).bytes
    }

    private func summary(_ live: LiveReading) -> WireJSON {
        let chips = live.chains.flatMap(\.chipTemps)
        return [
            "Elapsed": .int(live.uptime), "MHS av": .fixed(live.averageGH * 1000, digits: 2),
            "HS RT": .fixed(live.rateGH * 1000, digits: 2), "Accepted": .int(live.accepted),
            "Rejected": .int(live.rejected), "Factory GHS": .int(Int(miner.model.nominalHashrate.gigahashesPerSecond)),
            "Power": .int(Int(live.power.value.rounded())), "Power Limit": .int(Int(live.setting.name) ?? 0),
            "Power Mode": "Normal", "Target Freq": .int(Int(live.setting.frequency)),
            "Fan Speed In": .int(live.fans.first ?? 0), "Fan Speed Out": .int(live.fans.last ?? 0),
            "Chip Temp Min": .fixed(Double(chips.min() ?? 0), digits: 1),
            "Chip Temp Max": .fixed(Double(chips.max() ?? 0), digits: 1),
            "Chip Temp Avg": .fixed(Double(chips.reduce(0, +)) / Double(max(1, chips.count)), digits: 2),
            "MAC": .string(miner.mac), "Uptime": .int(live.uptime), "Hash Stable": .bool(live.isHashing),
        ]
    }

    private func device(_ chain: LiveReading.Chain, _ live: LiveReading) -> WireJSON {
        [
            "ASC": .int(chain.index), "ID": .int(chain.index), "Slot": .int(chain.index), "Name": "SM", "Enabled": "Y",
            "Status": "Alive", "Temperature": .fixed(Double(chain.boardTemps.max() ?? 0), digits: 1),
            "Chip Frequency": .int(Int(chain.frequency)), "Frequency": .fixed(chain.frequency, digits: 1),
            "Chip Temp Min": .fixed(Double(chain.chipTemps.min() ?? 0), digits: 1),
            "Chip Temp Max": .fixed(Double(chain.chipTemps.max() ?? 0), digits: 1),
            "MHS av": .fixed(chain.rate * 1000, digits: 2),
            "Factory GHS": .int(Int(miner.model.nominalHashrate.gigahashesPerSecond) / max(1, live.chains.count)),
            "Effective Chips": .int(live.isHashing ? chain.chips : 0),
            "PCB SN": .string("\(miner.serial)B\(chain.index)"), "Hardware Errors": .int(chain.hardwareErrors),
            "Device Elapsed": .int(live.uptime),
        ]
    }

    private func pools(_ live: LiveReading) -> [UInt8] {
        let items = (0..<3).map { index -> WireJSON in
            [
                "POOL": .int(index + 1), "URL": .string(SimulatedPool.urls[index]), "Status": "Alive",
                "Priority": .int(index), "Stratum Active": .bool(index == 0 && live.isHashing),
                "Accepted": .int(index == 0 ? live.accepted : 0), "Rejected": .int(index == 0 ? live.rejected : 0),
                "User": .string("sim.\(miner.hostname)"),
            ]
        }
        return CGMinerReplies.reply(
            section: "POOLS", items, code: 7, message: "3 Pool(s)", when: live.unixTime, description: Self.description)
    }
}
