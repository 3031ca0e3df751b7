import HiveProtocols

/// The writes: `POST {"param": …, "password": …}` answering `JsonResponse`.
extension EPICPersonality {
    /// Checks the password, then carries out the write.
    func write(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        let body = try? TolerantJSONReader.parse(request.body)
        guard body?["password"]?.string == miner.credentials.password.value, !miner.rejectsCredentials else {
            return Self.reply(error: "BadPassword")
        }
        guard let param = body?["param"] else { return Self.reply(error: "MissingParam") }
        switch request.path {
        case "/perpetualtune/algo": return setAlgorithm(param, at: local)
        case "/miner": return run(param.string, at: local)
        case "/reboot":
            miner.record(.reboot, "POST /reboot", address: local.address)
            miner.reboot(keepsSleep: false)
            return Self.reply()
        default:
            guard let on = param.bool else { return Self.reply(error: "MissingParam") }
            miner.record(.locate(on), "POST /identify \(on)", address: local.address)
            miner.setLocate(on)
            return Self.reply()
        }
    }

    /// `perpetualtune/algo {"algo": "PowerTune", "target": W}`: re-tunes to the target.
    private func setAlgorithm(_ param: JSONValue, at local: LocalEndpoint) -> HTTPResponse {
        guard param["algo"]?.string == "PowerTune", let watts = param["target"]?.int else {
            return Self.reply(error: "MissingParam")
        }
        let limits = Self.limits(for: miner.model)
        guard (limits.min...limits.max).contains(watts) else {
            return Self.reply(error: "UnknownError", "target \(watts) W is outside \(limits.min)-\(limits.max) W")
        }
        miner.record(
            .setPowerTarget(Watts(Double(watts))), "POST /perpetualtune/algo PowerTune \(watts)", address: local.address
        )
        let setting = Self.setting(watts: watts, model: miner.model)
        if setting != miner.reading().configured {
            miner.configure(setting, delay: miner.timing.retune, shows: .tuning)
        }
        return Self.reply()
    }

    /// `miner` `Stop` / `Autostart`.
    private func run(_ state: String?, at local: LocalEndpoint) -> HTTPResponse {
        switch state {
        case "Stop":
            miner.record(.sleep, "POST /miner Stop", address: local.address)
            miner.setAsleep(true, delay: miner.timing.sleep, shows: .sleeping)
        case "Autostart":
            miner.record(.wake, "POST /miner Autostart", address: local.address)
            miner.setAsleep(false, delay: miner.timing.wake, shows: .starting)
        default:
            return Self.reply(error: "MissingParam")
        }
        return Self.reply()
    }

    /// `{"result": true, "error": null}`, or a refusal with an `ApiError` (a word, or an
    /// object when `detail` is given).
    static func reply(error: String? = nil, _ detail: String? = nil) -> HTTPResponse {
        guard let error else { return .json(200, ["result": true, "error": .null]) }
        let value: WireJSON = detail.map { .object([(error, .string($0))]) } ?? .string(error)
        return .json(200, ["result": false, "error": value])
    }
}
