import HiveProtocols

/// BOSer's CGMiner-compatible API on port 4028, in the shapes of
/// `braiins/v25_05/cgminer__version.json` and `braiins/bosplus-0.2.0-s9/cgminer__*.json`
/// (hash rates in MH/s; `devdetails` and `tunerstatus` have no recording: written from the
/// field names the public API documentation and readers use). Board IDs start at 1.
extension BraiinsOSPersonality {
    func rpc(_ command: String, live: LiveReading) -> [UInt8]? {
        let description = Self.cgminerDescription
        let when = live.unixTime
        let boards = live.chains
        func reply(_ section: String, _ items: [WireJSON], code: Int, message: String) -> [UInt8] {
            CGMinerReplies.reply(
                section: section, items, code: code, message: message, when: when, description: description)
        }
        switch command {
        case "version":
            return reply(
                "VERSION", [["API": "3.7", "BOSer": "boser-buildroot 0.1.0-3881c51d"]], code: 22,
                message: "BOSer versions")
        case "summary":
            let summary: WireJSON = [
                "Elapsed": .int(live.uptime), "MHS 5s": .fixed(live.rateGH * 1000, digits: 3),
                "MHS av": .fixed(live.averageGH * 1000, digits: 3), "Accepted": .int(live.accepted),
                "Rejected": .int(live.rejected), "Hardware Errors": .int(live.hardwareErrors),
            ]
            return reply("SUMMARY", [summary], code: 11, message: "Summary")
        case "pools":
            return CGMinerReplies.pools(live, user: "sim.\(miner.hostname)", description: description)
        case "fans":
            let fans = live.fans.enumerated().map { index, rpm -> WireJSON in
                ["FAN": .int(index), "ID": .int(index), "RPM": .int(rpm), "Speed": 100]
            }
            return reply("FANS", fans, code: 202, message: "\(fans.count) Fan(s)")
        case "temps":
            let temps = boards.map { chain -> WireJSON in
                [
                    "TEMP": .int(chain.index), "ID": .int(chain.index + 1),
                    "Board": .fixed(Double(chain.boardTemps.max() ?? 0), digits: 1),
                    "Chip": .fixed(Double(chain.chipTemps.max() ?? 0), digits: 1),
                ]
            }
            return reply("TEMPS", temps, code: 201, message: "\(temps.count) Temp(s)")
        case "devs":
            let devs = boards.map { chain -> WireJSON in
                [
                    "ASC": .int(chain.index), "ID": .int(chain.index + 1), "Enabled": "Y", "Status": "Alive",
                    "MHS 5s": .fixed(chain.rate * 1000, digits: 3),
                    "Nominal MHS": .fixed(chain.ideal * 1000, digits: 3),
                    "Hardware Errors": .int(chain.hardwareErrors),
                ]
            }
            return reply("DEVS", devs, code: 9, message: "\(devs.count) ASC(s)")
        case "devdetails":
            let details = boards.map { chain -> WireJSON in
                [
                    "DEVDETAILS": .int(chain.index), "Name": "", "ID": .int(chain.index + 1), "Driver": "",
                    "Kernel": "", "Model": .string(miner.model.name), "Device Path": "", "Chips": .int(chain.chips),
                    "Frequency": .fixed(chain.frequency, digits: 2), "Voltage": .fixed(chain.voltage / 1000, digits: 3),
                ]
            }
            return reply("DEVDETAILS", details, code: 69, message: "Device Details")
        case "tunerstatus":
            return reply("TUNERSTATUS", [tunerStatus(live)], code: 23, message: "Tuner Status")
        default:
            return nil
        }
    }

    /// One `TUNERSTATUS` entry: the configured limit, the live power, per-chain states.
    private func tunerStatus(_ live: LiveReading) -> WireJSON {
        let word: String
        switch live.activity {
        case .tuning: word = "Tuning individual chips"
        case .sleeping: word = "Mining paused"
        default: word = "Stable"
        }
        let chains = live.chains.map { chain -> WireJSON in
            [
                "HashchainIndex": .int(chain.index + 1), "ApproximatePowerConsumptionWatt": .int(Int(chain.power)),
                "Status": .string(word),
            ]
        }
        return [
            "PowerLimit": .int(Self.watts(live.configured)), "DynamicPowerScaling": "Disabled",
            "ApproximateMinerPowerConsumption": .int(Int(live.power.value.rounded())),
            "TunerChainStatus": .array(chains),
        ]
    }
}
