import Foundation
import HiveProtocols

/// Pure functions from Braiins OS replies (CGMiner, REST, GraphQL) to HiveProtocols values.
enum BraiinsReader {
    /// Trimmed non-empty text of a value (numbers rendered), else `nil`.
    static func text(_ value: JSONValue?) -> String? {
        guard let raw = value?.string else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A model name without a leading "Bitmain " (GraphQL `modelName` may carry it).
    static func modelName(_ raw: String) -> String {
        raw.lowercased().hasPrefix("bitmain ") ? String(raw.dropFirst("bitmain ".count)) : raw
    }

    /// The manufacturer a model name implies, if it names one.
    static func make(ofModel model: String?) -> String? {
        guard let lower = model?.lowercased() else { return nil }
        if lower.contains("antminer") { return "Bitmain" }
        if lower.contains("braiins") || lower.hasPrefix("bmm") { return "Braiins" }
        if lower.contains("whatsminer") { return "MicroBT" }
        return nil
    }

    /// The miner entry of a CGMiner `version` reply, e.g. "BOSer boser-buildroot 0.1.0-45f356ea"
    /// or "BOSminer+ 0.2.0-36c56a9363": the first `VERSION[0]` member whose name starts with "BOS".
    static func minerVersion(_ reply: JSONValue) -> String? {
        guard let entry = reply["VERSION"]?[0]?.object else { return nil }
        for key in entry.keys.sorted() where key.uppercased().hasPrefix("BOS") {
            if let value = text(entry[key]) { return "\(key) \(value)" }
        }
        return nil
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

    // MARK: Identity

    /// Identity from REST `GET /api/v1/miner/details`.
    static func identity(details: JSONValue) -> MinerIdentity {
        let model = text(details["miner_identity"]?["name"]) ?? text(details["miner_identity"]?["miner_model"])
        return MinerIdentity(
            make: make(ofModel: model), model: model, firmware: "Braiins OS",
            firmwareVersion: text(details["bos_version"]?["current"]), mac: text(details["mac_address"]),
            serial: text(details["serial_number"]), hostname: text(details["hostname"]))
    }

    /// Identity from the GraphQL state query's `data`.
    static func identity(state: JSONValue) -> MinerIdentity {
        let model = text(state["bosminer"]?["info"]?["modelName"]).map(modelName)
        return MinerIdentity(
            make: make(ofModel: model), model: model, firmware: "Braiins OS",
            firmwareVersion: text(state["bos"]?["info"]?["version"]?["full"]), mac: text(state["bos"]?["macAddress"]),
            hostname: text(state["bos"]?["hostname"]))
    }

    /// Identity from CGMiner alone (bOSminer 0.x): the miner version and, if given, the model.
    static func identity(version: JSONValue, devdetails: JSONValue?) -> MinerIdentity {
        let model = text(devdetails?["DEVDETAILS"]?[0]?["Model"])
        return MinerIdentity(
            make: make(ofModel: model), model: model, firmware: "Braiins OS", firmwareVersion: minerVersion(version))
    }

    // MARK: Power control

    /// REST `GET /api/v1/configuration/constraints` → `tuner_constraints.power_target` min/max.
    static func restLimits(_ constraints: JSONValue) -> (min: Watts, max: Watts)? {
        let target = constraints["tuner_constraints"]?["power_target"]
        guard let min = target?["min"]?["watt"]?.double, let max = target?["max"]?["watt"]?.double, min <= max
        else { return nil }
        return (Watts(min), Watts(max))
    }

    /// REST `GET /api/v1/configuration/miner` → `tuner.power_target.watt`.
    static func restTarget(_ config: JSONValue) -> Watts? {
        Watts.finite(config["tuner"]?["power_target"]?["watt"]?.double)
    }

    /// GraphQL `bosminer.metadata.autotuning.powerTarget` min/max.
    static func graphQLLimits(_ state: JSONValue) -> (min: Watts, max: Watts)? {
        let target = state["bosminer"]?["metadata"]?["autotuning"]?["powerTarget"]
        guard let min = target?["min"]?.double, let max = target?["max"]?.double, min <= max else { return nil }
        return (Watts(min), Watts(max))
    }

    /// GraphQL `bosminer.config.autotuning.powerTarget`.
    static func graphQLTarget(_ state: JSONValue) -> Watts? {
        Watts.finite(state["bosminer"]?["config"]?["autotuning"]?["powerTarget"]?.double)
    }

    /// Seconds until a new target has settled: a target tuned before is reached in minutes; a
    /// fresh tune takes hours, during which the miner reports `.tuning`.
    static let settleSeconds = 300

    /// Continuous watts between the tuner's limits, or `.none` when the firmware gave none.
    static func powerControl(limits: (min: Watts, max: Watts)?, target: Watts?) -> PowerControl {
        PowerControl(
            mechanism: limits.map { .continuous(min: $0.min, max: $0.max, step: Watts(1)) } ?? .none,
            current: target.map { .watts($0) }, canSleep: true, settleSeconds: settleSeconds)
    }
}
