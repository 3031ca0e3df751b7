import HiveProtocols

extension AntminerStockPersonality {
    /// Routes an authenticated request.
    func routeCGI(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        switch request.path {
        case "/", "/index.html": return .html(200, AntminerStockTemplates.indexPage)
        case "/cgi-bin/get_system_info.cgi": return .jsonText(200, systemInfo(local))
        case "/cgi-bin/get_network_info.cgi": return .json(200, networkInfo(local))
        case "/cgi-bin/get_miner_conf.cgi": return .jsonText(200, minerConf())
        case "/cgi-bin/set_miner_conf.cgi": return setMinerConf(request, at: local)
        case "/cgi-bin/summary.cgi": return .json(200, cgiSummary(miner.reading()))
        case "/cgi-bin/stats.cgi": return .json(200, cgiStats(miner.reading()))
        case "/cgi-bin/pools.cgi": return .json(200, cgiPools(miner.reading()))
        case "/cgi-bin/get_blink_status.cgi": return .json(200, ["blink": .bool(miner.reading().locate)])
        case "/cgi-bin/blink.cgi": return blink(request, at: local)
        case "/cgi-bin/reboot.cgi":
            miner.record(.reboot, "\(request.method) /cgi-bin/reboot.cgi", address: local.address)
            miner.reboot(keepsSleep: true)
            return HTTPResponse(status: 200)
        default: return .html(404, AntminerStockTemplates.notFoundPage)
        }
    }

    private func systemInfo(_ local: LocalEndpoint) -> String {
        AntminerStockTemplates.systemInfo([
            ("minertype", miner.model.name), ("nettype", "DHCP"), ("netdevice", "eth0"), ("macaddr", miner.mac),
            ("hostname", miner.hostname), ("ipaddress", local.address), ("netmask", "255.0.0.0"), ("gateway", ""),
            ("dnsservers", ""), ("system_mode", "GNU/Linux"),
            ("system_kernel_version", "Linux 4.6.0-xilinx-g77a5f591 #2 SMP PREEMPT Mon May 25 19:58:33 CST 2020"),
            ("system_filesystem_version", Self.buildDate), ("firmware_type", "Release"), ("serinum", miner.serial),
        ])
    }

    /// The `get_network_info.cgi` shape of `antminer-stock/ks5-pro/http__cgi-bin_get_network_info.cgi.json`.
    private func networkInfo(_ local: LocalEndpoint) -> WireJSON {
        [
            "nettype": "DHCP", "netdevice": "eth0", "macaddr": .string(miner.mac), "ipaddress": .string(local.address),
            "netmask": "255.0.0.0", "conf_nettype": "DHCP", "conf_hostname": .string(miner.hostname),
            "conf_ipaddress": "", "conf_netmask": "", "conf_gateway": "", "conf_dnsservers": "",
        ]
    }

    private func minerConf() -> String {
        let live = miner.reading()
        let user = "sim.\(miner.hostname)"
        return AntminerStockTemplates.minerConf(
            pools: SimulatedPool.urls.map { ($0, user) }, frequency: Int(live.configured.frequency),
            voltage: Int(miner.model.voltage / 10), workMode: configuredMode(live).rawValue,
            fanControlUnset: fanControlUnset)
    }

    /// `POST set_miner_conf.cgi` with a JSON body naming `miner-mode` (or `bitmain-work-mode`);
    /// replies in the `{stats, code, msg}` envelope of
    /// `antminer-stock/ks5-pro/http__cgi-bin_set_miner_conf.cgi__success.json` / `__error.json`.
    private func setMinerConf(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        let error: WireJSON = ["stats": "error", "code": "M001", "msg": "Invalid configuration"]
        guard request.method == "POST" else { return .json(200, error) }
        let body = try? TolerantJSONReader.parse(request.body)
        let form = SimulatedHTTPRequest.formFields(String(decoding: request.body, as: UTF8.self))
        let raw = body?["miner-mode"] ?? body?["bitmain-work-mode"] ?? form["miner-mode"].map { JSONValue.string($0) }
        guard let raw else {
            // A save without a mode (pools, fans): accepted, nothing the simulation models changes.
            return body?.object != nil ? .json(200, Self.success) : .json(200, error)
        }
        guard let code = raw.int, let mode = WorkMode(rawValue: code) else { return .json(200, error) }
        let live = miner.reading()
        let command: MinerCommand =
            switch mode {
            case .normal: .setMode(.normal)
            case .low: .setMode(.low)
            case .sleep: .sleep
            }
        miner.record(command, "POST /cgi-bin/set_miner_conf.cgi miner-mode=\(code)", address: local.address)
        if mode == .sleep {
            miner.setAsleep(true, delay: miner.timing.sleep, shows: .sleeping)
        } else {
            let setting = mode.setting(for: miner.model)
            let waking = live.configuredAsleep
            if setting != live.configured { miner.configure(setting, delay: miner.timing.change, shows: .tuning) }
            if waking { miner.setAsleep(false, delay: miner.timing.wake, shows: .starting) }
        }
        return .json(200, Self.success)
    }

    private static let success: WireJSON = ["stats": "success", "code": "M000", "msg": "OK!"]

    /// `POST blink.cgi` with `blink=true|false` (form or JSON); the codes of
    /// `antminer-stock/s19pro-2020-06/http__cgi-bin_blink.cgi__start.json` / `__stop.json`.
    private func blink(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        let form = SimulatedHTTPRequest.formFields(String(decoding: request.body, as: UTF8.self))
        let json = try? TolerantJSONReader.parse(request.body)
        guard let on = (json?["blink"]?.bool ?? form["blink"].flatMap { JSONValue.string($0).bool }) else {
            return .json(200, ["code": "B001"])
        }
        miner.record(.locate(on), "POST /cgi-bin/blink.cgi blink=\(on)", address: local.address)
        miner.setLocate(on)
        return .json(200, ["code": on ? "B000" : "B100"])
    }

    /// The envelope of the CGI API (`antminer-stock/ks5-pro/http__cgi-bin_summary.cgi.json`).
    private func envelope(_ message: String, _ live: LiveReading) -> [(String, WireJSON)] {
        [
            ("STATUS", ["STATUS": "S", "when": .int(live.unixTime), "Msg": .string(message), "api_version": "1.0.0"]),
            (
                "INFO",
                [
                    "miner_version": .string(Self.minerVersion), "CompileTime": .string(Self.compileTime),
                    "type": .string(miner.model.name),
                ]
            ),
        ]
    }

    /// `summary.cgi` in the shape of `antminer-stock/ks5-pro/http__cgi-bin_summary.cgi.json`.
    func cgiSummary(_ live: LiveReading) -> WireJSON {
        let statuses = ["rate", "network", "fans", "temp"].map { type -> WireJSON in
            ["type": .string(type), "status": "s", "code": 0, "msg": ""]
        }
        let summary: WireJSON = [
            "elapsed": .int(live.uptime), "rate_5s": .fixed(live.rateGH, digits: 2),
            "rate_avg": .fixed(live.averageGH, digits: 2),
            "rate_30m": .fixed(live.averageGH, digits: 2), "rate_ideal": .fixed(live.idealGH, digits: 2),
            "rate_unit": "GH/s",
            "hw_all": .int(live.hardwareErrors), "bestshare": .int(live.accepted * 3_180_000),
            "status": .array(statuses),
        ]
        return .object(envelope("summary", live) + [("SUMMARY", [summary])])
    }

    /// `stats.cgi` in the shape of `antminer-stock/ks5-pro/http__cgi-bin_stats.cgi.json`, plus the
    /// runtime `miner-mode`.
    func cgiStats(_ live: LiveReading) -> WireJSON {
        let chains = live.chains.map { chain -> WireJSON in
            [
                "index": .int(chain.index), "freq_avg": .int(live.isHashing ? Int(chain.frequency) : 0),
                "rate_ideal": .fixed(chain.ideal, digits: 2), "rate_real": .fixed(chain.rate, digits: 2),
                "asic_num": .int(chain.chips), "temp_pic": .array(chain.boardTemps.map { .int($0 - 10) }),
                "temp_pcb": .array(chain.boardTemps.map { .int($0) }),
                "temp_chip": .array(chain.chipTemps.map { .int($0) }),
                "hw": .int(chain.hardwareErrors), "eeprom_loaded": true, "sn": .string(boardSerial(chain.index)),
            ]
        }
        let stats: WireJSON = [
            "elapsed": .int(live.uptime), "rate_5s": .fixed(live.rateGH, digits: 2),
            "rate_avg": .fixed(live.averageGH, digits: 2),
            "rate_30m": .fixed(live.averageGH, digits: 2), "rate_ideal": .fixed(live.idealGH, digits: 2),
            "rate_unit": "GH/s",
            "chain_num": .int(live.chains.count), "fan_num": .int(live.fans.count),
            "fan": .array(live.fans.map { .int($0) }),
            "hwp_total": .fixed(0, digits: 4), "miner-mode": .int(configuredMode(live).rawValue), "freq-level": 100,
            "chain": .array(chains),
        ]
        return .object(envelope("stats", live) + [("STATS", [stats])])
    }

    /// `pools.cgi` in the shape of `antminer-stock/ks5-pro/http__cgi-bin_pools.cgi.json`.
    func cgiPools(_ live: LiveReading) -> WireJSON {
        let pools = SimulatedPool.urls.enumerated().map { index, url -> WireJSON in
            let accepted = index == 0 ? live.accepted : 0
            return [
                "index": .int(index), "url": .string(url), "user": .string("sim.\(miner.hostname)"), "status": "Alive",
                "priority": .int(index), "getworks": .int(index == 0 ? live.uptime / 30 : 0),
                "accepted": .int(accepted),
                "rejected": .int(index == 0 ? live.rejected : 0), "discarded": .int(accepted * 9), "stale": 0,
                "diff": .string(index == 0 ? "524288.0000" : "0.0000"), "diff1": 0,
                "diffa": .fixed(Double(accepted) * 524_288, digits: 1),
                "diffr": 0, "diffs": 0, "lsdiff": .int(index == 0 && live.isHashing ? 524_288 : 0),
                "lstime": .string(index == 0 && live.isHashing ? "0:00:03" : "0"),
            ]
        }
        return .object(envelope("pools", live) + [("POOLS", .array(pools))])
    }

    /// A hashboard's serial, stable per miner.
    func boardSerial(_ chain: Int) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        var generator = SeededGenerator(seed: miner.seed, 0xB0A4D, UInt64(chain))
        return String((0..<17).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
