import HiveProtocols

/// gcminer's CGMiner API on port 4028, in the shapes of
/// `firmware-samples/auradine/v1/cgminer__*.json` (hash rates in MH/s, boards from 1). The
/// `GCMiner` version value is synthetic (the recording only has an early "0.5").
extension AuradinePersonality {
    func rpc(_ command: String, live: LiveReading) -> [UInt8]? {
        func reply(_ section: String, _ items: [WireJSON], code: Int, message: String) -> [UInt8] {
            CGMinerReplies.reply(
                section: section, items, code: code, message: message, when: live.unixTime,
                description: Self.description)
        }
        switch command {
        case "version":
            return reply(
                "VERSION", [["API": "1.0", "GCMiner": .string(Self.release)]], code: 22, message: "GCMiner versions")
        case "summary":
            let summary: WireJSON = [
                "Accepted": .int(live.accepted), "Difficulty Accepted": .int(live.accepted * 262_144),
                "Difficulty Rejected": .int(live.rejected * 262_144), "Elapsed": .int(live.uptime),
                "Hardware Errors": .int(live.hardwareErrors), "Last getwork": 0,
                "MHS 15m": .number(live.averageGH * 1000), "MHS 1m": .number(live.rateGH * 1000),
                "MHS 5m": .number(live.averageGH * 1000), "MHS 5s": .number(live.rateGH * 1000),
                "MHS av": .number(live.averageGH * 1000), "Rejected": .int(live.rejected),
                "Total MH": .number((live.averageGH * 1000 * Double(live.uptime)).rounded()),
                "Utility": .number(Double(live.accepted) / max(1, Double(live.uptime) / 60)),
            ]
            return reply("SUMMARY", [summary], code: 11, message: "Summary")
        case "pools":
            let pools = SimulatedPool.urls.enumerated().map { index, url -> WireJSON in
                let active = index == 0 && live.isHashing
                return [
                    "Accepted": .int(index == 0 ? live.accepted : 0), "POOL": .int(index), "Priority": .int(index),
                    "Quota": 1, "Rejected": .int(index == 0 ? live.rejected : 0), "Status": "Alive",
                    "Stratum Active": .bool(active), "URL": .string(url), "User": .string("sim.\(miner.hostname)"),
                ]
            }
            return reply("POOLS", pools, code: 7, message: "\(pools.count) Pool(s)")
        case "devs":
            let devs = live.chains.map { chain -> WireJSON in
                [
                    "DEV": .int(chain.index + 1), "Enabled": true, "ID": .int(chain.index + 1),
                    "MHS 5s": .number(chain.rate * 1000), "Name": "ASICBoard", "Status": "Alive",
                    "Temperature": .number(Double(chain.boardTemps.max() ?? 0)),
                ]
            }
            return reply("DEVS", devs, code: 9, message: "\(devs.count) Dev(s)")
        case "asccount":
            let count: WireJSON = [
                "AsicCount": .int(miner.model.chains * miner.model.chipsPerChain),
                "BoardCount": .int(miner.model.chains),
            ]
            return reply("ASCCount", [count], code: 104, message: "ASC count")
        default:
            return nil
        }
    }
}
