import Foundation
import HiveProtocols

/// Pure functions from ePIC UMC (PowerPlay) replies to HiveProtocols values.
///
/// Field names follow the recorded replies (`epic/v1`, PowerPlay-BMS 1.5.13) and the vendor's
/// OpenAPI document (`powerplay.json`, 1.22.5–1.38.3).
enum EPICReader {
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

    /// A write reply's `error`: a word (`"BadPassword"`) or a one-member object
    /// (`{"LastCmdStillPending": "…"}` → `LastCmdStillPending: …`); `nil` for `null`.
    static func errorText(_ value: JSONValue?) -> String? {
        if let word = text(value) { return word }
        guard let members = value?.object, let key = members.keys.sorted().first else { return nil }
        return text(members[key]).map { "\(key): \($0)" } ?? key
    }

    // MARK: Identity

    /// "AntMiner S19 XP" → "Antminer S19 XP" (the spelling other firmwares use).
    static func modelName(_ raw: String?) -> String? {
        guard let raw else { return nil }
        return raw.hasPrefix("AntMiner") ? "Antminer" + raw.dropFirst("AntMiner".count) : raw
    }

    /// The manufacturer a model name implies, if it names one.
    static func make(ofModel model: String?) -> String? {
        guard let lower = model?.lowercased() else { return nil }
        if lower.contains("antminer") { return "Bitmain" }
        if lower.contains("blockminer") { return "ePIC" }
        if lower.contains("whatsminer") { return "MicroBT" }
        return nil
    }

    /// Identity from `/summary`, `/capabilities` and `/network` (`dhcp` or `static`).
    static func identity(summary: JSONValue, capabilities: JSONValue, network: JSONValue) -> MinerIdentity {
        let model = modelName(text(capabilities["Model"]))
        let addressing = network["dhcp"] ?? network["static"]
        let serial =
            text(capabilities["Miner Serial Number"]) ?? text(capabilities["Control Board Version"]?["cpuSerial"])
        return MinerIdentity(
            make: make(ofModel: model), model: model, firmware: "ePIC UMC", firmwareVersion: text(summary["Software"]),
            mac: text(addressing?["mac_address"]), serial: serial, hostname: text(summary["Hostname"]))
    }

    // MARK: Status

    /// The state an `Operating State` word stands for.
    static func state(_ operating: String?) -> MinerStatus.State {
        switch operating {
        case "Mining": .mining
        case "Idling", "Stopping": .sleeping
        case "AdjustingClockVoltage", "Testing": .tuning
        case "Initializing", "Loading", "PreInitCooldown", "Rebooting", "SoftRebooting", "UpdatingFirmware": .starting
        default: .unknown
        }
    }

    /// The `Operating State` of a summary.
    static func operatingState(_ summary: JSONValue) -> String? {
        text(summary["Status"]?["Operating State"])
    }

    /// A board's `Hashrate` triple `[MH/s, percent of the ideal rate, …]`: its rate, and its
    /// ideal rate (rate ÷ percent × 100) when the percentage is positive.
    static func boardRates(_ triple: JSONValue?) -> (rate: HashRate, ideal: HashRate?)? {
        guard let megahashes = triple?[0]?.double else { return nil }
        let percent = triple?[1]?.double ?? 0
        return (.megahashes(megahashes), percent > 0 ? .megahashes(megahashes / percent * 100) : nil)
    }

    /// Status from `/summary`.
    ///
    /// Hash rate: the boards' `Hashrate` summed (average: `Session.Average MHs`); power: the
    /// PSU's `Input Power` (measured; 0 means not measured); power target: the running power
    /// algorithm's `Target`; board temperatures: each board's `Temperature`.
    static func status(summary: JSONValue) -> MinerStatus {
        let boards = summary["HBs"]?.array ?? []
        let rates = boards.compactMap { boardRates($0["Hashrate"]) }
        let temps = boards.compactMap { $0["Temperature"]?.double }.map(Celsius.init)
        let ideal = rates.compactMap(\.ideal)
        let inputPower = summary["Power Supply Stats"]?["Input Power"]?.double ?? 0
        return MinerStatus(
            state: state(operatingState(summary)),
            hashrateRealtime: rates.isEmpty ? nil : rates.map(\.rate).reduce(.zero, +),
            hashrateAverage: summary["Session"]?["Average MHs"]?.double.map(HashRate.megahashes),
            hashrateNominal: ideal.isEmpty || ideal.count != rates.count ? nil : ideal.reduce(.zero, +),
            power: inputPower > 0 ? Watts(inputPower) : nil, powerSource: .measured,
            powerTarget: powerTarget(summary), boardTempMin: temps.min(), boardTempMax: temps.max(),
            fans: fans(summary), pools: pools(summary), uptimeSeconds: summary["Session"]?["Uptime"]?.int,
            messages: messages(summary))
    }

    /// `Fans Rpm` members `Fans Speed <n>` that are not `null`, by `n`.
    static func fans(_ summary: JSONValue) -> [RPM] {
        let members = summary["Fans Rpm"]?.object ?? [:]
        return members.compactMap { key, value -> (Int, RPM)? in
            guard key.hasPrefix("Fans Speed "), let slot = Int(key.dropFirst("Fans Speed ".count)),
                let rpm = value.double
            else { return nil }
            return (slot, RPM(rpm))
        }
        .sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `StratumConfigs`, the one at `Stratum.Config Id` being the active pool with the
    /// session's share counts.
    static func pools(_ summary: JSONValue) -> [MinerStatus.Pool] {
        let stratum = summary["Stratum"]
        let active = stratum?["Config Id"]?.int
        return (summary["StratumConfigs"]?.array ?? []).enumerated().compactMap { index, config in
            guard let url = text(config["pool"]) else { return nil }
            let isActive = index == active
            return MinerStatus.Pool(
                url: url, user: text(config["login"]), alive: isActive ? stratum?["IsPoolConnected"]?.bool : nil,
                active: active == nil ? nil : isActive,
                accepted: isActive ? summary["Session"]?["Accepted"]?.int : nil,
                rejected: isActive ? summary["Session"]?["Rejected"]?.int : nil)
        }
    }

    /// The last error, a license error, and boards that are detected but disabled.
    static func messages(_ summary: JSONValue) -> [String] {
        var messages: [String] = []
        if let error = errorText(summary["Status"]?["Last Error"]) { messages.append("last error: \(error)") }
        if let error = errorText(summary["Last License Error"]) { messages.append("license error: \(error)") }
        for board in summary["HBStatus"]?.array ?? []
        where board["Detected"]?.bool == true && board["Enabled"]?.bool == false {
            messages.append("hashboard \(board["Index"]?.int ?? -1) is detected but disabled")
        }
        return messages
    }
}
