import HiveProtocols

/// The reads on port 4028, in the shapes of `firmware-samples/epic/v1/http4028__*.json`,
/// filled with the miner's live values (hash rates in MH/s, board indices from 0).
extension EPICPersonality {
    /// The `Operating State` word for an activity.
    static func operatingState(_ activity: SimulatedMiner.Activity) -> String {
        switch activity {
        case .mining: "Mining"
        case .sleeping: "Idling"
        case .tuning: "AdjustingClockVoltage"
        case .starting: "Initializing"
        case .rebooting: "Rebooting"
        }
    }

    /// `GET /summary`.
    func summary(_ live: LiveReading) -> WireJSON {
        let boards = live.chains.map { chain -> WireJSON in
            let percent = chain.ideal > 0 ? chain.rate / chain.ideal * 100 : 0
            return [
                "Core Clock": [], "Core Clock Avg": .fixed(chain.frequency, digits: 1),
                "Hashrate": [.fixed(chain.rate * 1000, digits: 2), .fixed(percent, digits: 1), 0.0],
                "Index": .int(chain.index), "Input Current": 0.0, "Input Power": .fixed(chain.power, digits: 1),
                "Input Voltage": .fixed(chain.voltage / 1000, digits: 2), "Output Current": 0.0, "Output Power": 0.0,
                "Output Voltage": 0.0, "Temperature": .fixed(Double(chain.boardTemps.max() ?? 0), digits: 3),
            ]
        }
        let fans = (1...12).map { slot -> (String, WireJSON) in
            ("Fans Speed \(slot)", slot <= live.fans.count ? .int(live.fans[slot - 1]) : .null)
        }
        let target = Self.watts(live.configured)
        return [
            "Fans": ["Fans Speed": 100, "Minimum Working Fans": 0],
            "Fans Rpm": .object(fans),
            "HBStatus": .array(live.chains.map { ["Detected": true, "Enabled": true, "Index": .int($0.index)] }),
            "HBs": .array(boards), "Hostname": .string(miner.hostname),
            "Misc": ["Critical Temp": 100.0, "Locate Miner State": .bool(live.locate), "Shutdown Temp": 85.0],
            "OS Type": "umcOS",
            "PerpetualTune": [
                "Algorithm": [
                    "PowerTune": [
                        "Error Throttle Target": .null, "Min Throttle Target": .null, "Optimized": true,
                        "Target": .int(target), "Throttle Step": .null, "Throttle Target": .null, "Unit": "W",
                    ]
                ],
                "Running": true,
            ],
            "Power Supply Stats": [
                "Input Current": 0.0, "Input Power": .fixed(live.power.value, digits: 4), "Input Voltage": 0.0,
                "Output Current": 0.0, "Output Power": 0.0, "Output Voltage": 12.6, "Target Voltage": 12600,
            ],
            "PresetInfo": ["Target Power": .int(target)],
            "Session": [
                "Accepted": .int(live.accepted), "Active HBs": .int(live.isHashing ? live.chains.count : 0),
                "Average MHs": .fixed(live.averageGH * 1000, digits: 1), "Rejected": .int(live.rejected),
                "Submitted": .int(live.accepted + live.rejected), "Uptime": .int(live.uptime),
            ],
            "Software": .string(Self.software),
            "Status": [
                "Last Command": .null, "Last Command Result": .null, "Last Error": .null,
                "Operating State": .string(Self.operatingState(live.activity)),
            ],
            "Stratum": [
                "Config Id": 0, "Current Pool": .string(SimulatedPool.hosts[0] + ":3333"),
                "Current User": .string("sim.\(miner.hostname)"), "IsPoolConnected": .bool(live.isHashing),
            ],
            "StratumConfigs": .array(
                SimulatedPool.urls.map {
                    ["login": .string("sim.\(miner.hostname)"), "password": "x", "pool": .string($0)]
                }),
        ]
    }

    /// `GET /capabilities`: the model as PowerPlay spells it ("AntMiner …"), the serial, chip
    /// count, sensor type, and the tuning algorithms with the PowerTune watt range.
    func capabilities() -> WireJSON {
        let name = miner.model.name
        let model = name.hasPrefix("Antminer") ? "AntMiner" + name.dropFirst("Antminer".count) : name
        let limits = Self.limits(for: miner.model)
        let terahashes = Int(miner.model.nominalHashrate.terahashesPerSecond.rounded())
        return [
            "Board Serial Numbers": .array(
                (0..<miner.model.chains).map { .string("SIMHB\(miner.serial.suffix(8))\($0)") }),
            "Chip Type": "BM1366", "Chips Per Bank": 10, "Coins": ["BTC"],
            "Control Board Version": ["cpuHardware": "STM32 (Device Tree Support)", "cpuSerial": "0020003532325109"],
            "Default Clock": .int(Int(miner.model.frequency)), "Default Hashrate": .int(terahashes),
            "Default Voltage": .int(Int(miner.model.voltage)), "Max HBs": .int(miner.model.chains),
            "Miner Serial Number": .string(miner.serial), "Model": .string(model),
            "Performance Estimator": [
                "Chip Count": .int(miner.model.chipsPerChain), "Hashes Per Second Per Chip": 894.0,
            ],
            "PerpetualTune": [
                [
                    "algorithm": "VoltageOptimizer", "description": "Maintain the target hashrate.", "max": 300,
                    "min": 60, "name": "Voltage Optimizer",
                ],
                [
                    "algorithm": "PowerTune", "description": "Maintain the target power.", "max": .int(limits.max),
                    "min": .int(limits.min), "name": "Power Tune",
                ],
            ],
            "Temp Sensor Info": ["Count": 4, "Type": "Board"],
        ]
    }

    /// `GET /network`.
    func network(at local: LocalEndpoint) -> WireJSON {
        [
            "dhcp": [
                "address": .string(local.address), "dns": "127.0.0.53", "gateway": "127.0.0.1",
                "mac_address": .string(miner.mac), "netmask": "255.0.0.0",
            ]
        ]
    }

    /// `[{"Data": …, "Index": board, "Total": 0.0}]` with `data` for each board.
    func boards(_ live: LiveReading, _ data: (LiveReading.Chain) -> WireJSON) -> WireJSON {
        .array(live.chains.map { ["Data": data($0), "Index": .int($0.index), "Total": 0.0] })
    }

    /// A per-chip list for each board.
    func chips(_ live: LiveReading, _ value: (LiveReading.Chain, Int) -> WireJSON) -> WireJSON {
        boards(live) { chain in .array((0..<chain.chips).map { value(chain, $0) }) }
    }

    /// `GET /hashrate`: `[MH/s, percent of ideal, 0]` per chip, the board's rate shared evenly.
    func chipRates(_ live: LiveReading) -> WireJSON {
        chips(live) { chain, _ in
            let rate = chain.rate * 1000 / Double(chain.chips)
            let percent = chain.ideal > 0 ? chain.rate / chain.ideal * 100 : 0
            return [.fixed(rate, digits: 2), .fixed(percent, digits: 1), 0.0]
        }
    }

    /// A chip's voltage in millivolts: the board voltage over its voltage domains.
    func chipMillivolts(_ chain: LiveReading.Chain) -> Double {
        chain.voltage / Double(max(1, chain.chips / max(1, miner.model.chipsPerDomain)))
    }
}
