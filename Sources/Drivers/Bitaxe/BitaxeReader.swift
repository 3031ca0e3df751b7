import HiveProtocols

/// Turns `GET /api/system/info` into PowerHive's value types (pure functions, no I/O).
enum BitaxeReader {
    /// Make "Bitaxe", model from the board/ASIC, AxeOS version, MAC, hostname.
    static func identity(_ info: JSONValue) -> MinerIdentity {
        MinerIdentity(
            make: "Bitaxe", model: model(info), firmware: "AxeOS", firmwareVersion: firmwareVersion(info),
            mac: info["macAddr"]?.string, hostname: info["hostname"]?.string)
    }

    /// "Bitaxe Supra" etc. from `boardVersion` / `ASICModel`, else "Bitaxe " + `ASICModel`.
    static func model(_ info: JSONValue) -> String? {
        let asic = info["ASICModel"]?.string
        return BitaxeASIC.productName(asicModel: asic, boardVersion: info["boardVersion"]?.string)
            ?? asic.map { "Bitaxe \($0)" }
    }

    /// `version` (the ESP-Miner build, e.g. "v2.4.5-3-gb5d1e36-dirty").
    static func firmwareVersion(_ info: JSONValue) -> String? {
        info["version"]?.string
    }

    /// State, hash rate (GH/s fields), measured power, ASIC and VR temperatures, fans, pools.
    static func status(_ info: JSONValue) -> MinerStatus {
        let chip = [info["temp"]?.double, info["temp2"]?.double].compactMap { $0 }.filter { $0 > 0 }.map(Celsius.init)
        let board = info["vrTemp"]?.double.flatMap { $0 > 0 ? Celsius($0) : nil }
        let fans = [info["fanrpm"]?.double, info["fan2rpm"]?.double].compactMap { $0 }.map(RPM.init)
        return MinerStatus(
            state: state(info), hashrateRealtime: info["hashRate"]?.double.map(HashRate.gigahashes),
            hashrateAverage: info["hashRate_1h"]?.double.map(HashRate.gigahashes),
            hashrateNominal: info["expectedHashrate"]?.double.map(HashRate.gigahashes),
            power: info["power"]?.double.map(Watts.init), powerSource: .measured,
            powerPreset: info["frequency"]?.double.map(BitaxeDriver.presetName), boardTempMin: board,
            boardTempMax: board, chipTempMin: chip.min(), chipTempMax: chip.max(), fans: fans, pools: pools(info),
            uptimeSeconds: info["uptimeSeconds"]?.int, messages: messages(info))
    }

    /// Paused (`miningPaused`) → sleeping; overheat or a power / hardware fault → failure;
    /// hashing → mining; otherwise (no hash rate yet) starting.
    static func state(_ info: JSONValue) -> MinerStatus.State {
        if info["miningPaused"]?.bool == true { return .sleeping }
        if !messages(info).isEmpty { return .failure }
        return (info["hashRate"]?.double ?? 0) > 0 ? .mining : .starting
    }

    /// The overheat flag and fault texts, as AxeOS reports them.
    static func messages(_ info: JSONValue) -> [String] {
        var messages: [String] = []
        if (info["overheat_mode"]?.int ?? 0) != 0 { messages.append("overheat mode (AxeOS throttled the ASIC)") }
        for key in ["power_fault", "hardware_fault"] {
            if let text = info[key]?.string, !text.isEmpty { messages.append("\(key): \(text)") }
        }
        return messages
    }

    /// The primary and fallback stratum pools; the one in use is active and carries the shares.
    static func pools(_ info: JSONValue) -> [MinerStatus.Pool] {
        let fallbackInUse = (info["isUsingFallbackStratum"]?.int ?? 0) != 0
        return [("stratum", !fallbackInUse), ("fallbackStratum", fallbackInUse)].compactMap { prefix, active in
            guard let host = info["\(prefix)URL"]?.string, !host.isEmpty else { return nil }
            let port = info["\(prefix)Port"]?.int
            let url = (host.contains("://") ? host : "stratum+tcp://\(host)") + (port.map { ":\($0)" } ?? "")
            return MinerStatus.Pool(
                url: url, user: info["\(prefix)User"]?.string, active: active,
                accepted: active ? info["sharesAccepted"]?.int : nil,
                rejected: active ? info["sharesRejected"]?.int : nil)
        }
    }

    /// The one hash board: hash rate, set frequency, measured core voltage and power, VR and
    /// ASIC temperatures, ASIC count. AxeOS reports no per-chip readings in `info`.
    static func telemetry(_ info: JSONValue) -> [BoardTelemetry] {
        let chipTemps = [info["temp"]?.double, info["temp2"]?.double].compactMap { $0 }.filter { $0 > 0 }
        return [
            BoardTelemetry(
                index: 0, hashrate: info["hashRate"]?.double.map(HashRate.gigahashes),
                hashrateNominal: info["expectedHashrate"]?.double.map(HashRate.gigahashes),
                frequency: (info["actualFrequency"] ?? info["frequency"])?.double.map(Megahertz.init),
                voltage: info["coreVoltageActual"]?.double.map(Volts.millivolts),
                power: info["power"]?.double.map(Watts.init),
                boardTemps: info["vrTemp"]?.double.flatMap { $0 > 0 ? [Celsius($0)] : nil } ?? [],
                chipTemps: chipTemps.map(Celsius.init), chipsExpected: info["asicCount"]?.int)
        ]
    }
}
