import HiveProtocols

/// Turns Whatsminer API v3 replies into PowerHive values. Pure.
///
/// Shapes from `firmware-samples/whatsminer/v3/`: `get.device.info` (`msg.miner`, `network`,
/// `power`, `system`, `salt`, `error-code`) and `get.miner.status` with `summary`, `pools`,
/// `edevs`. Hash rates are in TH/s, power in watts.
enum WhatsminerV3Reader {
    /// Make, model (`miner.type`), firmware version, MAC, serial (`miner-sn`), hostname.
    static func identity(info: JSONValue) -> MinerIdentity {
        let msg = info["msg"]
        return MinerIdentity(
            make: "MicroBT", model: WhatsminerModel.name(msg?["miner"]?["type"]?.string), firmware: "Whatsminer stock",
            firmwareVersion: msg?["system"]?["fwversion"]?.string, mac: msg?["network"]?["mac"]?.string,
            serial: msg?["miner"]?["miner-sn"]?.string, hostname: msg?["network"]?["hostname"]?.string)
    }

    /// Whether the mining service is stopped (`miner.working` false).
    static func isOff(_ info: JSONValue) -> Bool {
        info["msg"]?["miner"]?["working"]?.bool == false
    }

    /// The `summary` object of `get.miner.status summary`.
    static func summary(_ reply: JSONValue) -> JSONValue? { reply["msg"]?["summary"] }

    /// The power limit (`summary.power-limit`).
    static func powerLimit(_ summary: JSONValue?) -> Watts? { Watts.finite(summary?["power-limit"]?.double) }

    /// State, hash rates, power, limit, temperatures, fans, pools, errors.
    static func status(info: JSONValue, summary reply: JSONValue, pools: JSONValue) -> MinerStatus {
        let s = summary(reply)
        let realtime = s?["hash-realtime"]?.double.map(HashRate.terahashes)
        let elapsed = s?["elapsed"]?.int
        let state: MinerStatus.State
        if isOff(info) {
            state = .sleeping
        } else if let realtime, realtime.value > 0 {
            state = .mining
        } else if let elapsed, elapsed < 600 {
            state = .starting
        } else {
            state = .unknown
        }
        let boards = s?["board-temperature"]?.array?.compactMap { Celsius.finite($0.double) } ?? []
        let fans = [s?["fan-speed-in"], s?["fan-speed-out"]].compactMap { RPM.finite($0?.double) }
        return MinerStatus(
            state: state, hashrateRealtime: realtime,
            hashrateAverage: s?["hash-average"]?.double.map(HashRate.terahashes),
            hashrateNominal: s?["factory-hash"]?.double.map(HashRate.terahashes),
            power: Watts.finite(s?["power-realtime"]?.double), powerSource: .measured, powerTarget: powerLimit(s),
            boardTempMin: boards.min(), boardTempMax: boards.max(),
            chipTempMin: Celsius.finite(s?["chip-temp-min"]?.double),
            chipTempMax: Celsius.finite(s?["chip-temp-max"]?.double), fans: fans, pools: Self.pools(pools),
            uptimeSeconds: elapsed, messages: errors(info))
    }

    /// Per-board readings from `edevs`, with board temperatures from `summary`.
    static func telemetry(edevs: JSONValue, summary reply: JSONValue) -> [BoardTelemetry] {
        let temps = summary(reply)?["board-temperature"]?.array ?? []
        return (edevs["msg"]?["edevs"]?.array ?? []).enumerated().map { offset, board in
            let index = board["id"]?.int ?? offset
            return BoardTelemetry(
                index: index, hashrate: board["hash-average"]?.double.map(HashRate.terahashes),
                hashrateNominal: board["factory-hash"]?.double.map(HashRate.terahashes),
                frequency: Megahertz.finite(board["freq"]?.double),
                boardTemps: [Celsius.finite(temps.indices.contains(index) ? temps[index].double : nil)]
                    .compactMap { $0 },
                chipTemps: [board["chip-temp-min"], board["chip-temp-max"]].compactMap { Celsius.finite($0?.double) },
                chipsWorking: board["effective-chips"]?.int, state: board["status"]?.string)
        }
    }

    /// `msg.pools`.
    static func pools(_ reply: JSONValue) -> [MinerStatus.Pool] {
        (reply["msg"]?["pools"]?.array ?? []).compactMap { pool in
            guard let url = pool["url"]?.string, !url.isEmpty else { return nil }
            return MinerStatus.Pool(
                url: url, user: pool["account"]?.string, alive: pool["status"]?.string.map { $0 == "alive" },
                active: pool["stratum-active"]?.bool)
        }
    }

    /// `msg.error-code`: objects `{"<code>":"<time>","reason":…}`, bare codes, or a string.
    static func errors(_ info: JSONValue) -> [String] {
        guard let raw = info["msg"]?["error-code"] else { return [] }
        if let text = raw.string { return [text] }
        return (raw.array ?? []).compactMap { entry -> String? in
            if let object = entry.object {
                let reason = object["reason"]?.string
                guard let code = object.keys.filter({ $0 != "reason" }).sorted().first else { return reason }
                let detail = reason ?? object[code]?.string
                return "error \(code)" + (detail.map { ": \($0)" } ?? "")
            }
            return entry.string.map { "error \($0)" }
        }
    }
}
