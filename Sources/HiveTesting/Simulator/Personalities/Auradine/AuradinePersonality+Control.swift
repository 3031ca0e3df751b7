import HiveProtocols

/// The web writes on port 8080: the token, `mode`, `led` and `restart`.
extension AuradinePersonality {
    /// `POST /token {"command":"token","user","password"}`.
    func token(_ request: SimulatedHTTPRequest) -> HTTPResponse {
        let body = try? TolerantJSONReader.parse(request.body)
        let when = miner.reading().unixTime
        let (now, boot) = miner.withState { state, now in (now, state.bootCount) }
        guard body?["user"]?.string == miner.credentials.username,
            body?["password"]?.string == miner.credentials.password.value, !miner.rejectsCredentials
        else { return Self.status(401, "E", code: 611, "Invalid user or password", when: when) }
        let reply: WireJSON = [
            "STATUS": [
                [
                    "Code": 610, "Description": .string(Self.description), "Msg": "Token", "STATUS": "S",
                    "When": .int(when),
                ]
            ],
            "Token": [["Token": .string(tokens.issue(now: now, boot: boot))]], "id": 1,
        ]
        return .json(200, reply)
    }

    /// `POST /mode`: `{"sleep":"on"|"off"}` or `{"mode":"custom","tune":"power","power":W}`.
    func setMode(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        let body = try? TolerantJSONReader.parse(request.body)
        let when = miner.reading().unixTime
        if let sleep = body?["sleep"]?.string {
            guard sleep == "on" || sleep == "off" else {
                return Self.status(200, "E", code: 542, "Invalid sleep value", when: when)
            }
            let asleep = sleep == "on"
            miner.record(asleep ? .sleep : .wake, "POST /mode sleep \(sleep)", address: local.address)
            miner.setAsleep(
                asleep, delay: asleep ? miner.timing.sleep : miner.timing.wake, shows: asleep ? .sleeping : .starting)
            return Self.status(200, "S", code: 541, "Mode set", when: when)
        }
        guard body?["mode"]?.string == "custom", body?["tune"]?.string == "power", let watts = body?["power"]?.int
        else { return Self.status(200, "E", code: 542, "Only custom power targets are simulated", when: when) }
        guard Self.powerRange.contains(watts) else {
            return Self.status(200, "E", code: 542, "Invalid power target \(watts) W", when: when)
        }
        miner.record(.setPowerTarget(Watts(Double(watts))), "POST /mode power \(watts)", address: local.address)
        let setting = Self.setting(watts: watts, model: miner.model)
        if setting != miner.reading().configured {
            miner.configure(setting, delay: miner.timing.retune, shows: .tuning)
        }
        return Self.status(200, "S", code: 541, "Mode set", when: when)
    }

    /// `POST /led {"code": 3|2}`: locate on / normal.
    func setLED(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        let code = (try? TolerantJSONReader.parse(request.body))?["code"]?.int
        let when = miner.reading().unixTime
        guard code == 3 || code == 2 else { return Self.status(200, "E", code: 532, "Invalid LED code", when: when) }
        miner.record(.locate(code == 3), "POST /led code \(code ?? 0)", address: local.address)
        miner.setLocate(code == 3)
        return Self.status(200, "S", code: 531, "LED set", when: when)
    }

    /// `POST /restart` without a parameter: reboots.
    func restart(at local: LocalEndpoint) -> HTTPResponse {
        let when = miner.reading().unixTime
        miner.record(.reboot, "POST /restart", address: local.address)
        miner.reboot(keepsSleep: true)
        return Self.status(200, "S", code: 560, "Restarting", when: when)
    }
}
