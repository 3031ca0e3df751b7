import HiveProtocols

/// API v3 on port 4433, in the shapes of `firmware-samples/whatsminer/v3/tcp4433__*.json`.
extension WhatsminerPersonality {
    func v3(_ call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        let live = miner.reading()
        guard let request = try? TolerantJSONReader.parse(call.bytes), let cmd = request["cmd"]?.string else {
            return reply(-1, "invalid json", desc: "", live)
        }
        if cmd.hasPrefix("set.") { return write(cmd, request, live: live, at: local) }
        switch (cmd, request["param"]?.string) {
        case ("get.device.info", _): return reply(0, deviceInfo(live), desc: cmd, live)
        case ("get.miner.status", "summary"): return reply(0, ["summary": summary(live)], desc: cmd, live)
        case ("get.miner.status", "pools"): return reply(0, ["pools": .array(pools(live))], desc: cmd, live)
        case ("get.miner.status", "edevs"):
            return reply(0, ["edevs": .array(live.chains.map { edev($0, live) })], desc: cmd, live)
        default: return reply(-2, "invalid command", desc: cmd, live)
        }
    }

    /// `{"code":…,"desc":…,"msg":…,"when":…}`.
    private func reply(_ code: Int, _ message: WireJSON, desc: String, _ live: LiveReading) -> [UInt8] {
        WireJSON.object([
            ("code", .int(code)), ("desc", .string(desc)), ("msg", message), ("when", .int(live.unixTime)),
        ])
        .bytes
    }

    /// A `set.*` command: the account and token are checked, then it runs.
    private func write(_ cmd: String, _ request: JSONValue, live: LiveReading, at local: LocalEndpoint) -> [UInt8] {
        guard request["account"]?.string == "super", let ts = request["ts"]?.string,
            request["token"]?.string
                == WhatsminerCrypto.v3Token(cmd: cmd, password: superPassword, salt: salt, ts: ts)
        else { return reply(-1, "invalid token or password is wrong", desc: cmd, live) }
        let param = request["param"]
        switch cmd {
        case "set.miner.power_limit":
            guard let watts = param?.int, watts > 0, Double(watts) <= miner.model.nominalPower.value else {
                return reply(-2, "invalid param", desc: cmd, live)
            }
            miner.record(.setPowerTarget(Watts(Double(watts))), "\(cmd) \(watts)", address: local.address)
            miner.configure(
                Self.setting(limit: watts, model: miner.model), delay: miner.timing.change, shows: .starting)
        case "set.miner.service":
            switch param?.string {
            case "stop":
                miner.record(.sleep, "\(cmd) stop", address: local.address)
                miner.setAsleep(true, delay: miner.timing.sleep, shows: .sleeping)
            case "start":
                miner.record(.wake, "\(cmd) start", address: local.address)
                miner.setAsleep(false, delay: miner.timing.wake, shows: .starting)
            default:
                return reply(-2, "invalid param", desc: cmd, live)
            }
        case "set.system.reboot":
            miner.record(.reboot, cmd, address: local.address)
            miner.reboot(keepsSleep: true)
        case "set.system.led":
            let on = param?.string != "auto"
            miner.record(.locate(on), "\(cmd) \(on ? "pattern" : "auto")", address: local.address)
            miner.setLocate(on)
        default:
            return reply(-2, "invalid command", desc: cmd, live)
        }
        return reply(0, "ok", desc: cmd, live)
    }

    private func deviceInfo(_ live: LiveReading) -> WireJSON {
        let rates = live.chains.map { String(Int($0.ideal * 1000)) }.joined(separator: ":")
        return [
            "miner": [
                "board-num": .string("\(live.chains.count)"), "detect-hash-rate": .string(rates),
                "fast-boot": "disable", "hash-board": "K40", "hash-percent": "0",
                "miner-sn": .string(miner.serial), "pool-strategy": "FAILOVER", "type": .string(typeName),
                "working": live.configuredAsleep ? "false" : "true",
            ],
            "network": [
                "hostname": .string(miner.hostname), "mac": .string(miner.mac), "proto": "dhcp",
            ],
            "power": ["fanspeed": 6344, "model": "P221B", "type": "P221B", "vendor": "1"],
            "salt": .string(salt),
            "system": [
                "api": .string(firmware.api), "apiswitch": "1", "control-board-version": "CB6V10",
                "fwversion": .string(firmware.version), "ledstatus": live.locate ? "manual" : "auto",
                "platform": "H616",
            ],
        ]
    }

    private func summary(_ live: LiveReading) -> WireJSON {
        let chips = live.chains.flatMap(\.chipTemps)
        return [
            "board-temperature": .array(live.chains.map { .fixed(Double($0.boardTemps.max() ?? 0), digits: 1) }),
            "bootup-time": .int(live.uptime), "chip-temp-min": .fixed(Double(chips.min() ?? 0), digits: 1),
            "chip-temp-max": .fixed(Double(chips.max() ?? 0), digits: 1), "elapsed": .int(live.uptime),
            "factory-hash": .fixed(miner.model.nominalHashrate.terahashesPerSecond, digits: 3),
            "fan-speed-in": .int(live.fans.first ?? 0), "fan-speed-out": .int(live.fans.last ?? 0),
            "freq-avg": .int(Int(live.setting.frequency)), "hash-average": .fixed(live.averageGH / 1000, digits: 3),
            "hash-realtime": .fixed(live.rateGH / 1000, digits: 3), "power-limit": .int(Int(live.configured.name) ?? 0),
            "power-realtime": .fixed(live.power.value.rounded(), digits: 1),
            "up-freq-finish": .int(live.isHashing ? 1 : 0),
        ]
    }

    private func pools(_ live: LiveReading) -> [WireJSON] {
        (0..<3).map { index in
            [
                "account": .string("sim.\(miner.hostname)"), "pool-priority": .int(index), "status": "alive",
                "stratum-active": .bool(index == 0 && live.isHashing), "url": .string(SimulatedPool.urls[index]),
            ]
        }
    }

    private func edev(_ chain: LiveReading.Chain, _ live: LiveReading) -> WireJSON {
        [
            "chip-temp-max": .fixed(Double(chain.chipTemps.max() ?? 0), digits: 1),
            "chip-temp-min": .fixed(Double(chain.chipTemps.min() ?? 0), digits: 1),
            "effective-chips": .int(live.isHashing ? chain.chips : 0),
            "factory-hash": .fixed(
                miner.model.nominalHashrate.terahashesPerSecond / Double(live.chains.count), digits: 2),
            "freq": .fixed(chain.frequency, digits: 1), "hash-average": .fixed(chain.rate / 1000, digits: 2),
            "id": .int(chain.index), "status": "alive",
        ]
    }
}
