import Foundation
import HiveProtocols

/// Turns Whatsminer API v2 replies (btminer on port 4028) into PowerHive values. Pure.
///
/// Shapes: `summary`/`devs`/`pools` use CGMiner's `STATUS` + section arrays; `get_*` and
/// `status` answer a flat `{"STATUS":"S","Code":131,"Msg":{…}}`
/// (`firmware-samples/whatsminer/v2/*`). Hash rates are in MH/s (`MHS av`, `HS RT`) and GH/s
/// (`Factory GHS`).
enum WhatsminerV2Reader {
    /// Make, model (from `devdetails`), firmware version (`get_version` `fw_ver`), MAC and
    /// hostname (`get_miner_info`).
    static func identity(version: JSONValue, details: JSONValue?, info: JSONValue?) -> MinerIdentity {
        let firmware = version["Msg"]?["fw_ver"]?.string.map(unquoted)
        return MinerIdentity(
            make: "MicroBT", model: model(details: details), firmware: "Whatsminer stock", firmwareVersion: firmware,
            mac: info?["Msg"]?["mac"]?.string, hostname: info?["Msg"]?["hostname"]?.string)
    }

    /// "Whatsminer M30S+" from `DEVDETAILS[0].Model`.
    static func model(details: JSONValue?) -> String? {
        WhatsminerModel.name(details?["DEVDETAILS"]?[0]?["Model"]?.string)
    }

    /// Whether `status` says mining is switched off (`mineroff`, or `btmineroff` on API 1.x).
    static func isOff(_ status: JSONValue?) -> Bool {
        (status?["Msg"]?["mineroff"] ?? status?["Msg"]?["btmineroff"])?.bool == true
    }

    /// The power limit set by the user (`status` `power_limit_set`), else the effective one
    /// (`summary` `Power Limit`).
    static func powerLimit(summary: JSONValue, status: JSONValue?) -> Watts? {
        Watts.finite(status?["Msg"]?["power_limit_set"]?.double ?? summary["SUMMARY"]?[0]?["Power Limit"]?.double)
    }

    /// State, hash rates, measured power, limit, temperatures, fans, pools, errors.
    static func status(
        summary: JSONValue, pools: JSONValue?, status: JSONValue?, devs: JSONValue?, errors: JSONValue?
    ) -> MinerStatus {
        let s = summary["SUMMARY"]?[0]
        let realtime = (s?["HS RT"] ?? s?["MHS 5s"])?.double.map(HashRate.megahashes)
        let average = s?["MHS av"]?.double.map(HashRate.megahashes)
        let elapsed = s?["Elapsed"]?.int
        let state: MinerStatus.State
        if isOff(status) {
            state = .sleeping
        } else if let realtime, realtime.value > 0 {
            state = .mining
        } else if let elapsed, elapsed < 600 {
            state = .starting
        } else {
            state = .unknown
        }
        let boards = devs?["DEVS"]?.array?.compactMap { Celsius.finite($0["Temperature"]?.double) } ?? []
        let fans = [s?["Fan Speed In"], s?["Fan Speed Out"]].compactMap { RPM.finite($0?.double) }
        return MinerStatus(
            state: state, hashrateRealtime: realtime, hashrateAverage: average,
            hashrateNominal: s?["Factory GHS"]?.double.map(HashRate.gigahashes),
            power: Watts.finite(s?["Power"]?.double), powerSource: .measured,
            powerTarget: powerLimit(summary: summary, status: status), boardTempMin: boards.min(),
            boardTempMax: boards.max(), chipTempMin: Celsius.finite(s?["Chip Temp Min"]?.double),
            chipTempMax: Celsius.finite(s?["Chip Temp Max"]?.double), fans: fans, pools: Self.pools(pools),
            uptimeSeconds: elapsed, messages: messages(summary: s, errors: errors))
    }

    /// Per-board readings from `devs` (no per-chip data on this API).
    static func telemetry(devs: JSONValue) -> [BoardTelemetry] {
        (devs["DEVS"]?.array ?? []).enumerated().map { offset, board in
            BoardTelemetry(
                index: (board["ASC"] ?? board["ID"])?.int ?? offset,
                hashrate: board["MHS av"]?.double.map(HashRate.megahashes),
                hashrateNominal: board["Factory GHS"]?.double.map(HashRate.gigahashes),
                frequency: Megahertz.finite((board["Chip Frequency"] ?? board["Frequency"])?.double),
                boardTemps: [Celsius.finite(board["Temperature"]?.double)].compactMap { $0 },
                chipTemps: [board["Chip Temp Min"], board["Chip Temp Max"]].compactMap { Celsius.finite($0?.double) },
                chipsWorking: board["Effective Chips"]?.int, hardwareErrors: board["Hardware Errors"]?.int,
                serial: board["PCB SN"]?.string, state: board["Status"]?.string)
        }
    }

    /// The `POOLS` section.
    static func pools(_ reply: JSONValue?) -> [MinerStatus.Pool] {
        (reply?["POOLS"]?.array ?? []).compactMap { pool in
            guard let url = pool["URL"]?.string, !url.isEmpty else { return nil }
            return MinerStatus.Pool(
                url: url, user: pool["User"]?.string, alive: pool["Status"]?.string.map { $0 == "Alive" },
                active: pool["Stratum Active"]?.bool, accepted: pool["Accepted"]?.int, rejected: pool["Rejected"]?.int)
        }
    }

    /// Error codes: `get_error_code` (`[{"<code>":"<time>"}]`), or `Error Code <n>` members of
    /// `summary` on API 1.x.
    static func messages(summary: JSONValue?, errors: JSONValue?) -> [String] {
        var lines: [String] = []
        for entry in errors?["Msg"]?["error_code"]?.array ?? [] {
            for (code, since) in (entry.object ?? [:]).sorted(by: { $0.key < $1.key }) {
                lines.append("error \(code)" + (since.string.map { " since \($0)" } ?? ""))
            }
        }
        let count = summary?["Error Code Count"]?.int ?? 0
        for index in 0..<max(0, min(count, 32)) {
            if let code = summary?["Error Code \(index)"]?.string { lines.append("error \(code)") }
        }
        return lines
    }

    /// `'20210322.22.REL'` → `20210322.22.REL` (API 1.x quotes it).
    static func unquoted(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
    }
}
