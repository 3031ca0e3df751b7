import Foundation
import HiveProtocols

/// The REST reads, in the shapes (and member order) of `vnish/1.2.6-s19/http__api_v1_*.json`.
extension VNishPersonality {
    /// `miner_state` for an activity (the words VNish uses: "mining", "auto-tuning", "stopped",
    /// "initializing").
    static func stateWord(_ activity: SimulatedMiner.Activity) -> String {
        switch activity {
        case .mining: "mining"
        case .tuning: "auto-tuning"
        case .sleeping: "stopped"
        case .starting, .rebooting: "initializing"
        }
    }

    /// `/api/v1/info` (`vnish/1.2.6-s19/http__api_v1_info.json`).
    func info(_ local: LocalEndpoint) -> WireJSON {
        let live = miner.reading()
        let network: WireJSON = [
            "mac": .string(miner.mac), "dhcp": true, "ip": .string(local.address), "netmask": "255.0.0.0",
            "gateway": "", "dns": [], "hostname": .string(miner.hostname),
        ]
        let system: WireJSON = [
            "os": "GNU/Linux", "miner_name": .string(Self.shortName(miner.model)), "file_system_version": "",
            "mem_total": 233_712, "mem_free": 165_764, "mem_free_percent": 70, "mem_buf": 31_964, "mem_buf_percent": 13,
            "network_status": network,
            "uptime": .string("\(live.uptime / 3600):\(Self.twoDigits(live.uptime / 60 % 60))"),
        ]
        return [
            "miner": .string(miner.model.name), "model": .string(Self.shortName(miner.model)), "fw_name": "Vnish",
            "fw_version": .string(Self.firmwareVersion), "build_uuid": "5b50805f-a372-4f07-bbc2-5020aa03321a",
            "build_name": "vnishnet", "platform": "xil", "install_type": "nand",
            "build_time": "2025-05-29 19:22:26+00:00",
            "algorithm": "sha256d", "hr_measure": "GH/s", "system": system, "serial": .string(miner.serial),
        ]
    }

    /// `/api/v1/status`.
    func status(_ live: LiveReading) -> WireJSON {
        [
            "miner_state": .string(Self.stateWord(live.activity)), "miner_state_time": .int(live.stateSeconds),
            "find_miner": .bool(live.locate), "restart_required": .bool(live.restartRequired), "reboot_required": false,
            "unlocked": false,
        ]
    }

    /// `/api/v1/summary`: live rates (GH/s, `average_hashrate`/`instant_hashrate` in TH/s),
    /// measured power, temperatures, fans, pools (with the DevFee pseudo-pool), chains.
    func summary(_ live: LiveReading) -> WireJSON {
        let word = Self.stateWord(live.activity)
        let boards = live.chains.flatMap(\.boardTemps)
        let chips = live.chains.flatMap(\.chipTemps)
        let watts = Int(live.power.value.rounded())
        let efficiency =
            live.hashrate.terahashesPerSecond > 0 ? live.power.value / live.hashrate.terahashesPerSecond : 0
        let chains = live.chains.map { chain -> WireJSON in
            [
                "id": .int(chain.index + 1), "frequency": .fixed(chain.frequency, digits: 1),
                "voltage": .int(Int(chain.voltage)),
                "power_consumption": .int(Int(chain.power.rounded())),
                "hashrate_ideal": .number(Self.round(chain.ideal, 1)),
                "hashrate_rt": .number(Self.round(chain.rate, 3)),
                "hashrate_percentage": .number(chain.ideal > 0 ? Self.round(chain.rate / chain.ideal * 100, 2) : 0),
                "hr_error": .fixed(0, digits: 1), "hw_errors": .int(chain.hardwareErrors),
                "pcb_temp": ["min": .int(chain.boardTemps.min() ?? 0), "max": .int(chain.boardTemps.max() ?? 0)],
                "chip_temp": ["min": .int(chain.chipTemps.min() ?? 0), "max": .int(chain.chipTemps.max() ?? 0)],
                "chip_statuses": ["red": .int(live.isHashing ? 0 : chain.chips), "orange": 0, "grey": 0],
                "status": ["state": .string(word)],
            ]
        }
        let fans = live.fans.enumerated().map { index, rpm -> WireJSON in
            ["id": .int(index), "rpm": .int(rpm), "status": "ok", "max_rpm": 6000]
        }
        let minerFields: WireJSON = [
            "miner_status": ["miner_state": .string(word), "miner_state_time": .int(live.stateSeconds)],
            "miner_type": .string("\(miner.model.name) (Vnish \(Self.firmwareVersion))"),
            "hr_stock": .fixed(miner.model.nominalHashrate.gigahashesPerSecond, digits: 1),
            "average_hashrate": .number(Self.round(live.averageHashrate.terahashesPerSecond, 6)),
            "instant_hashrate": .number(Self.round(live.hashrate.terahashesPerSecond, 6)),
            "hr_realtime": .number(Self.round(live.rateGH, 3)), "hr_nominal": .number(Self.round(live.idealGH, 1)),
            "hr_average": .number(Self.round(live.averageGH, 3)),
            "pcb_temp": ["min": .int(boards.min() ?? 0), "max": .int(boards.max() ?? 0)],
            "chip_temp": ["min": .int(chips.min() ?? 0), "max": .int(chips.max() ?? 0)],
            "power_consumption": .int(watts), "power_usage": .int(watts),
            "power_efficiency": .number(Self.round(efficiency, 2)),
            "hw_errors_percent": .fixed(0, digits: 1), "hr_error": .fixed(0, digits: 1),
            "hw_errors": .int(live.hardwareErrors),
            "devfee_percent": .fixed(0, digits: 1), "devfee": .fixed(0, digits: 1), "pools": .array(pools(live)),
            "cooling": [
                "fan_num": .int(live.fans.count), "fans": .array(fans), "settings": ["mode": ["name": "auto"]],
                "fan_duty": .int(
                    live.isHashing ? 28 + Int(40 * live.power.value / miner.model.nominalPower.value) : 10),
            ],
            "chains": .array(chains), "found_blocks": 0, "best_share": .int(live.accepted * 3_180),
            "psu": ["temps": ["llc1_temp": .int(chips.max().map { $0 - 20 } ?? 0)]],
        ]
        return ["miner": minerFields]
    }

    private func pools(_ live: LiveReading) -> [WireJSON] {
        let user: WireJSON = [
            "id": 0, "url": .string(SimulatedPool.hosts[0] + ":3333"), "pool_type": "UserPool",
            "user": .string("sim.\(miner.hostname)"), "status": .string(live.isHashing ? "active" : "offline"),
            "asic_boost": true, "diff": "131K", "accepted": .int(live.accepted), "rejected": .int(live.rejected),
            "stale": 0,
            "ls_diff": .fixed(live.isHashing ? 262_144 : 0, digits: 1),
            "ls_time": .string(live.isHashing ? "0:00:14" : "0"),
            "diffa": .fixed(Double(live.accepted) * 262_144, digits: 1), "ping": 35,
        ]
        let devFee: WireJSON = [
            "id": 1, "url": "DevFee", "pool_type": "DevFee", "user": "DevFee", "status": "working", "asic_boost": false,
            "diff": "", "accepted": 0, "rejected": 0, "stale": 0, "ls_diff": .fixed(0, digits: 1), "ls_time": "0",
            "diffa": .fixed(0, digits: 1), "ping": 0,
        ]
        return [user, devFee]
    }

    /// `/api/v1/perf-summary`: the configured preset.
    func perfSummary(_ live: LiveReading) -> WireJSON {
        let preset = ladder.preset(live.configured.name)
        let current: WireJSON = [
            "name": .string(live.configured.name), "pretty": .string(preset?.pretty ?? live.configured.name),
            "status": .string(preset?.tuned == true ? "tuned" : "untuned"), "modded_psu_required": false,
            "globals": ["volt": .int(Int(live.configured.voltage / 10)), "freq": .int(Int(live.configured.frequency))],
        ]
        let switcher: WireJSON = [
            "enabled": false, "top_preset": .null, "decrease_temp": 75, "rise_temp": 55, "check_time": 300,
            "autochange_top_preset": false, "ignore_fan_speed": false, "min_preset": .null, "power_delta": 0,
        ]
        return ["current_preset": current, "preset_switcher": switcher]
    }

    /// `/api/v1/autotune/presets` (`disabled` carries its `tune_settings`, as recorded).
    func presets() -> WireJSON {
        .array(
            ladder.presets.map { preset in
                var members: [(String, WireJSON)] = [
                    ("name", .string(preset.name)), ("pretty", .string(preset.pretty)),
                    ("status", .string(preset.tuned ? "tuned" : "untuned")), ("modded_psu_required", false),
                ]
                if preset.name == VNishPresetLadder.stockName {
                    let chain: WireJSON = [
                        "freq": 0, "chips": .array(Array(repeating: 0, count: miner.model.chipsPerChain)),
                    ]
                    members.append(
                        (
                            "tune_settings",
                            [
                                "hashrate": 0, "volt": .int(Int(miner.model.voltage)),
                                "freq": .int(Int(miner.model.frequency)),
                                "chains": .array(Array(repeating: chain, count: miner.model.chains)), "modified": true,
                            ]
                        ))
                }
                return .object(members)
            })
    }

    /// "s19" for "Antminer S19".
    static func shortName(_ model: SimulatedModel) -> String {
        model.name.lowercased().replacingOccurrences(of: "antminer ", with: "").replacingOccurrences(of: " ", with: "")
    }

    static func round(_ value: Double, _ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (value * scale).rounded() / scale
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
