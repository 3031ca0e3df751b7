import HiveProtocols

/// Pure readers turning VNish REST replies into HiveProtocols values.
///
/// Conventions, from the recorded replies: hash rates are in `info.hr_measure` units (GH/s on
/// SHA-256 models; GH/s is assumed when it is missing or "N/A"); voltages are millivolts;
/// frequencies MHz; a temperature of exactly 0 is VNish's "no sensor" and is reported as
/// absent; `serial: "N/A"` is absent.
enum VNishReader {
    /// Identity from `/api/v1/info`.
    static func identity(info: JSONValue) -> MinerIdentity {
        let model = nonEmpty(info["miner"]?.string)
        let network = info["system"]?["network_status"]
        return MinerIdentity(
            make: model.flatMap(make(ofModel:)), model: model, firmware: "VNish",
            firmwareVersion: nonEmpty(info["fw_version"]?.string), mac: nonEmpty(network?["mac"]?.string),
            serial: nonEmpty(info["serial"]?.string), hostname: nonEmpty(network?["hostname"]?.string))
    }

    /// "Bitmain" for Antminer models (the hardware VNish runs on), else `nil`.
    static func make(ofModel model: String) -> String? {
        VNishText.contains(model, "antminer") ? "Bitmain" : nil
    }

    /// The hash-rate unit from `/api/v1/info` (`"GH/s"` when missing or unknown).
    static func hashUnit(_ info: JSONValue?) -> String {
        guard let unit = info?["hr_measure"]?.string, HashRate.parse(1, unit: unit) != nil else { return "GH/s" }
        return unit
    }

    /// Status from `/api/v1/info` (uptime, units), `/status` (state, messages), `/summary`
    /// (rates, power, temperatures, fans, pools) and `/perf-summary` (current preset).
    static func status(info: JSONValue, status: JSONValue, summary: JSONValue, perf: JSONValue) -> MinerStatus {
        let unit = hashUnit(info)
        let miner = summary["miner"] ?? .null
        let stateWord = status["miner_state"]?.string ?? miner["miner_status"]?["miner_state"]?.string
        let preset = currentPresetName(perf)
        let realtime = rate(miner["hr_realtime"], unit)
        let average = rate(miner["hr_average"], unit)
        return MinerStatus(
            state: state(stateWord),
            hashrateRealtime: realtime, hashrateAverage: average,
            hashrateNominal: rate(miner["hr_nominal"], unit),
            power: measuredPower(miner["power_consumption"], hashing: (realtime ?? average ?? .zero) > .zero),
            powerSource: .measured,
            powerTarget: preset.flatMap {
                $0.lowercased() == VNishPresets.stockName
                    ? nil : VNishPresets.watts(name: $0, pretty: presetLabel(perf))
            },
            powerPreset: preset,
            boardTempMin: celsius(miner["pcb_temp"]?["min"]), boardTempMax: celsius(miner["pcb_temp"]?["max"]),
            chipTempMin: celsius(miner["chip_temp"]?["min"]), chipTempMax: celsius(miner["chip_temp"]?["max"]),
            fans: fans(miner["cooling"]?["fans"]), pools: pools(miner["pools"]),
            uptimeSeconds: info["system"]?["uptime"]?.string.flatMap(VNishText.uptimeSeconds),
            messages: messages(status: status, summaryStatus: miner["miner_status"], stateWord: stateWord))
    }

    /// The PSU reading, or `nil` when it cannot be a measurement: VNish reports 0 W for a while
    /// after boot even though the miner is hashing, and a balancer that believed it would count
    /// a 3 kW machine as free.
    static func measuredPower(_ value: JSONValue?, hashing: Bool) -> Watts? {
        guard let watts = Watts.finite(value?.double), watts.value >= 0 else { return nil }
        if watts.value == 0 && hashing { return nil }
        return watts
    }

    /// Maps `miner_state` to a normalised state.
    static func state(_ word: String?) -> MinerStatus.State {
        switch word.map({ String($0.lowercased().map { $0 == "_" ? "-" : $0 }) }) {
        case "mining": .mining
        case "auto-tuning", "autotuning", "tuning": .tuning
        case "failure", "failed", "broken", "error": .failure
        case "stopped", "paused", "idle", "stopping", "pausing": .sleeping
        case "initializing", "initialising", "starting", "restarting", "booting": .starting
        default: .unknown
        }
    }

    /// Operator messages: failure code and description, pending restart / reboot, an
    /// unrecognised state word.
    static func messages(status: JSONValue, summaryStatus: JSONValue?, stateWord: String?) -> [String] {
        var messages: [String] = []
        let description = nonEmpty(status["description"]?.string) ?? nonEmpty(summaryStatus?["description"]?.string)
        let code = status["failure_code"]?.int ?? summaryStatus?["failure_code"]?.int
        switch (code, description) {
        case (let code?, let description?): messages.append("Failure \(code): \(description)")
        case (let code?, nil): messages.append("Failure \(code)")
        case (nil, let description?): messages.append(description)
        case (nil, nil): break
        }
        if status["restart_required"]?.bool == true { messages.append("Mining restart required to apply settings") }
        if status["reboot_required"]?.bool == true { messages.append("Reboot required to apply settings") }
        if let stateWord, state(stateWord) == .unknown { messages.append("Unrecognised miner state '\(stateWord)'") }
        return messages
    }

    /// `perf-summary.current_preset.name`, or `current_preset` itself when it is a bare string.
    static func currentPresetName(_ perf: JSONValue) -> String? {
        let current = perf["current_preset"]
        return nonEmpty(current?["name"]?.string ?? current?.string)
    }

    /// `perf-summary.current_preset.pretty`, if any.
    static func presetLabel(_ perf: JSONValue) -> String? {
        perf["current_preset"]?["pretty"]?.string
    }

    /// Fans: objects with `rpm`, or plain numbers (older replies). Every reported speed is
    /// kept, including 0 (a stopped fan is a real reading).
    static func fans(_ value: JSONValue?) -> [RPM] {
        (value?.array ?? []).compactMap { fan in
            RPM.finite(fan["rpm"]?.double ?? fan.double)
        }
    }

    /// Pools, without VNish's `DevFee` pseudo-pool.
    static func pools(_ value: JSONValue?) -> [MinerStatus.Pool] {
        (value?.array ?? []).compactMap { pool in
            guard let url = nonEmpty(pool["url"]?.string), pool["pool_type"]?.string != "DevFee", url != "DevFee"
            else { return nil }
            let status = pool["status"]?.string?.lowercased()
            let alive: Bool? =
                switch status {
                case "active", "working", "rejecting", "alive": true
                case "offline", "disabled", "dead": false
                default: nil
                }
            return MinerStatus.Pool(
                url: url, user: nonEmpty(pool["user"]?.string), alive: alive,
                active: status.map { $0 == "active" }, accepted: pool["accepted"]?.int,
                rejected: pool["rejected"]?.int)
        }
    }

    /// A hash rate in `unit`.
    static func rate(_ value: JSONValue?, _ unit: String) -> HashRate? {
        value?.double.flatMap { HashRate.parse($0, unit: unit) }
    }

    /// A temperature; exactly 0 means "no sensor" on VNish and gives `nil`.
    static func celsius(_ value: JSONValue?) -> Celsius? {
        guard let degrees = value?.double, degrees.isFinite, degrees != 0 else { return nil }
        return Celsius(degrees)
    }

    /// A voltage in millivolts; 0 (not measured) gives `nil`.
    static func millivolts(_ value: JSONValue?) -> Volts? {
        guard let mv = value?.double, mv.isFinite, mv > 0 else { return nil }
        return .millivolts(mv)
    }

    /// `text` unless it is empty or a placeholder ("N/A").
    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text.map(VNishText.trimmed), !text.isEmpty, text.uppercased() != "N/A" else { return nil }
        return text
    }
}
