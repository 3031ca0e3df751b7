import HiveProtocols

/// The REST writes: unlock, API keys, settings, mining control, locate, reboot.
extension VNishPersonality {
    /// `POST /unlock {"pw"}` → `{"token"}` (`vnish/1.2.6-s19/http__api_v1_unlock.json`).
    func unlock(_ request: SimulatedHTTPRequest) -> HTTPResponse {
        let password = (try? TolerantJSONReader.parse(request.body))?["pw"]?.string
        guard let password, password == miner.credentials.password.value, !miner.rejectsCredentials else {
            return Self.error(401, "Wrong password")
        }
        let (now, boot) = miner.withState { state, now in (now, state.bootCount) }
        return .json(200, ["token": .string(sessions.issueToken(now: now, boot: boot))])
    }

    /// `POST /apikeys {"key","description"}` → `{"status":"inserted"}`
    /// (`vnish/1.2.6-s19-failure/http__api_v1_apikeys__POST.json`); keys must be 32 characters.
    func addKey(_ request: SimulatedHTTPRequest) -> HTTPResponse {
        let body = try? TolerantJSONReader.parse(request.body)
        guard let key = body?["key"]?.string, key.count == 32, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            return Self.error(422, "Wrong apikey format")
        }
        let added = sessions.add(.init(key: key, description: body?["description"]?.string ?? ""))
        return added ? .json(200, ["status": "inserted"]) : Self.error(409, "Apikey already exists")
    }

    /// `POST /apikeys/delete {"key"}`.
    func deleteKey(_ request: SimulatedHTTPRequest) -> HTTPResponse {
        let key = (try? TolerantJSONReader.parse(request.body))?["key"]?.string ?? ""
        return sessions.delete(key: key) ? .json(200, ["status": "deleted"]) : Self.error(404, "Apikey not found")
    }

    /// `POST /settings`: a new preset re-tunes, or waits for a mining restart when autotune is
    /// turned on or off.
    func saveSettings(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        guard let body = try? TolerantJSONReader.parse(request.body), body.object != nil else {
            return Self.error(400, "Failed to parse settings")
        }
        let answer = { (restart: Bool) -> HTTPResponse in
            .json(200, ["restart_required": .bool(restart), "reboot_required": false])
        }
        guard let name = body["miner"]?["overclock"]?["preset"]?.string else {
            return answer(miner.reading().restartRequired)
        }
        guard let preset = ladder.preset(name) else { return Self.error(400, "Unknown preset '\(name)'") }
        miner.record(.selectPreset(name), "POST /api/v1/settings preset=\(name)", address: local.address)
        let live = miner.reading()
        let setting = ladder.setting(preset, model: miner.model)
        guard setting != live.configured else { return answer(live.restartRequired) }
        if setting == live.setting {
            miner.save(setting)  // back to what runs: nothing to apply
            return answer(false)
        }
        let stock = VNishPresetLadder.stockName
        if (live.setting.name == stock) != (name == stock) {
            miner.save(setting)
            return answer(miner.reading().restartRequired)
        }
        miner.configure(setting, delay: miner.timing.retune, shows: .tuning)
        return answer(false)
    }

    /// `POST /mining/<action>`; success is an empty 200, as the API document records.
    func mining(_ action: String, at local: LocalEndpoint) -> HTTPResponse {
        let live = miner.reading()
        switch action {
        case "pause", "stop":
            miner.record(.sleep, "POST /api/v1/mining/\(action)", address: local.address)
            miner.setAsleep(true, delay: miner.timing.sleep, shows: .sleeping)
        case "resume", "start":
            miner.record(.wake, "POST /api/v1/mining/\(action)", address: local.address)
            miner.setAsleep(false, delay: miner.timing.wake, shows: .starting)
        case "restart":
            miner.record(nil, "POST /api/v1/mining/restart", address: local.address)
            let retunes = live.configured != live.setting
            miner.restart(
                delay: retunes ? miner.timing.retune : miner.timing.wake, shows: retunes ? .tuning : .starting)
        default:
            return Self.error(404, "Not found")
        }
        return HTTPResponse(status: 200)
    }

    /// `POST /find-miner`: toggles the light, `{"on":…}`
    /// (`vnish/1.2.6-s19-failure/http__api_v1_find-miner__on.json`).
    func findMiner(at local: LocalEndpoint) -> HTTPResponse {
        let on = !miner.reading().locate
        miner.record(.locate(on), "POST /api/v1/find-miner", address: local.address)
        miner.setLocate(on)
        return .json(200, ["on": .bool(on)])
    }

    /// `POST /system/reboot` → `{"after":0}`; the miner goes offline at once.
    func reboot(at local: LocalEndpoint) -> HTTPResponse {
        miner.record(.reboot, "POST /api/v1/system/reboot", address: local.address)
        miner.reboot(keepsSleep: false)
        return .json(200, ["after": 0])
    }
}
