import Foundation
import HiveProtocols

/// Pure functions from Auradine replies (gcminer's CGMiner API on 4028, the FluxOS web API on
/// 8080) to HiveProtocols values.
///
/// Field names follow the recorded replies in `firmware-samples/auradine/v1` (asic-rs; several
/// firmware generations, GCMiner 0.5 to FluxOS 2.2.0).
enum AuradineReader {
    /// Trimmed non-empty text of a value (numbers rendered), else `nil`.
    static func text(_ value: JSONValue?) -> String? {
        guard let raw = value?.string else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A reply body as JSON (tolerantly read).
    static func json(_ body: [UInt8], request: String) throws -> JSONValue {
        do {
            return try TolerantJSONReader.parse(body)
        } catch {
            throw DriverError(
                .unexpectedResponse, "reply is not JSON", request: request,
                response: String(decoding: body.prefix(160), as: UTF8.self), underlying: error)
        }
    }

    /// The `Msg` of a `STATUS` entry that is an error (`E` or `F`), if any.
    static func statusError(_ reply: JSONValue) -> String? {
        guard let status = reply["STATUS"]?[0], let word = text(status["STATUS"]), ["E", "F"].contains(word) else {
            return nil
        }
        return text(status["Msg"]) ?? "error"
    }

    /// A number that may carry a unit: `2000`, `"58.94W"`, `"4052.00 RPM"`, `"245.00V"`.
    static func quantity(_ value: JSONValue?, unit: String) -> Double? {
        if let number = value?.double { return number }
        guard var raw = text(value) else { return nil }
        if raw.uppercased().hasSuffix(unit.uppercased()) { raw = String(raw.dropLast(unit.count)) }
        return JSONValue.string(raw).double
    }

    /// The firmware release in a `STATUS` `Description`: "FluxOS-2024-06.11-<commit>" →
    /// "FluxOS-2024-06.11", "GCMiner-0.5-devsbXXX" as it is (the trailing 40-digit commit hash
    /// is dropped).
    static func release(_ description: String?) -> String? {
        guard let description = text(description.map(JSONValue.string)) else { return nil }
        let parts = description.split(separator: "-", omittingEmptySubsequences: false)
        if let last = parts.last, last.count == 40, last.allSatisfy(\.isHexDigit), parts.count > 1 {
            return parts.dropLast().joined(separator: "-")
        }
        return description
    }

    // MARK: Identity

    /// Identity from `GET /ipreport`: "Auradine <model>", FluxOS `version`, MAC, serial, hostname.
    static func identity(ipreport: JSONValue) -> MinerIdentity {
        let report = ipreport["IPReport"]?[0]
        return MinerIdentity(
            make: "Auradine", model: text(report?["model"]).map { "Auradine \($0.uppercased())" }, firmware: "FluxOS",
            firmwareVersion: text(report?["version"]), mac: text(report?["mac"]), serial: text(report?["SerialNo"]),
            hostname: text(report?["hostname"]))
    }

    // MARK: Status

    /// The `Mode` entry of `GET /mode`: `Mode` (normal, eco, turbo, custom), `Power` (W),
    /// `Ths`, `Sleep` ("on" / "off").
    static func mode(_ reply: JSONValue) -> JSONValue? { reply["Mode"]?[0] }

    /// Whether `GET /mode` says the miner sleeps.
    static func isAsleep(_ mode: JSONValue) -> Bool {
        text(self.mode(mode)?["Sleep"])?.lowercased() == "on"
    }

    /// The power target: `Power` while the mode is `custom` (the other modes are the firmware's
    /// own presets, whose power the reply does not give).
    static func powerTarget(_ mode: JSONValue) -> Watts? {
        guard let entry = self.mode(mode), text(entry["Mode"])?.lowercased() == "custom" else { return nil }
        return entry["Power"]?.double.map(Watts.init)
    }

    /// Status from CGMiner `summary` and `pools` and web `mode`, `psu`, `fan`, `temperature`.
    ///
    /// State: sleeping when `mode` says `Sleep: on`, mining while `MHS 5s` is above 0, else
    /// unknown. Power: the PSU's `PowerIn` (measured). Temperatures: the hash boards' `BoardTemp`
    /// and `ChipTemp` sensors (the control board's are left out).
    static func status(
        summary: JSONValue, pools: JSONValue, mode: JSONValue, psu: JSONValue, fan: JSONValue, temperature: JSONValue
    ) -> MinerStatus {
        let entry = summary["SUMMARY"]?[0]
        let realtime = entry?["MHS 5s"]?.double
        let state: MinerStatus.State
        if isAsleep(mode) {
            state = .sleeping
        } else if let realtime, realtime > 0 {
            state = .mining
        } else {
            state = .unknown
        }
        let boards = hashBoards(temperature)
        let boardTemps = boards.flatMap { sensors($0["BoardTemp"]) }
        let chipTemps = boards.flatMap { sensors($0["ChipTemp"]) }
        return MinerStatus(
            state: state, hashrateRealtime: realtime.map(HashRate.megahashes),
            hashrateAverage: entry?["MHS av"]?.double.map(HashRate.megahashes),
            power: quantity(psu["PSU"]?[0]?["PowerIn"], unit: "W").map(Watts.init), powerSource: .measured,
            powerTarget: powerTarget(mode), powerPreset: text(self.mode(mode)?["Mode"]),
            boardTempMin: boardTemps.min(), boardTempMax: boardTemps.max(), chipTempMin: chipTemps.min(),
            chipTempMax: chipTemps.max(),
            fans: (fan["Fan"]?.array ?? []).compactMap { $0["Speed"]?.double }.map(RPM.init),
            pools: self.pools(pools), uptimeSeconds: entry?["Elapsed"]?.int)
    }

    /// The `POOLS` section.
    static func pools(_ reply: JSONValue) -> [MinerStatus.Pool] {
        (reply["POOLS"]?.array ?? []).compactMap { pool in
            guard let url = text(pool["URL"]) else { return nil }
            return MinerStatus.Pool(
                url: url, user: text(pool["User"]), alive: text(pool["Status"]).map { $0 == "Alive" },
                active: pool["Stratum Active"]?.bool, accepted: pool["Accepted"]?.int, rejected: pool["Rejected"]?.int)
        }
    }

    /// The hash-board entries of `GET /temperature` (those with a chip-temperature list or a
    /// "Hash Board" name; the control board is left out).
    static func hashBoards(_ temperature: JSONValue) -> [JSONValue] {
        (temperature["Temperature"]?.array ?? []).filter { board in
            text(board["Name"])?.lowercased().contains("hash board") == true || board["ChipTemp"]?.array != nil
        }
    }

    /// The `Temperature` of each `{"ID", "Temperature"}` sensor entry.
    static func sensors(_ list: JSONValue?) -> [Celsius] {
        (list?.array ?? []).compactMap { $0["Temperature"]?.double }.map(Celsius.init)
    }
}
