import HiveProtocols

/// The REST reads and writes and the GraphQL state read, filled with live values.
extension BraiinsOSPersonality {
    /// `POST /api/v1/auth/login` → `{"token","timeout_s"}`; wrong credentials get 401.
    func login(_ request: SimulatedHTTPRequest) -> HTTPResponse {
        let body = try? TolerantJSONReader.parse(request.body)
        guard body?["username"]?.string == miner.credentials.username,
            body?["password"]?.string == miner.credentials.password.value, !miner.rejectsCredentials
        else { return Self.error(401, "Invalid username or password") }
        let (now, boot) = miner.withState { state, now in (now, state.bootCount) }
        return .json(
            200,
            [
                "token": .string(sessions.issue(now: now, boot: boot)),
                "timeout_s": .int(Int(Self.tokenIdleLifetime.components.seconds)),
            ])
    }

    /// The watts a setting stands for (its name is the target).
    static func watts(_ setting: PowerSetting) -> Int { Int(setting.name) ?? Int(setting.power.value.rounded()) }

    /// `GET /api/v1/miner/details` (shape of `braiins/v25_07/http__api_v1_miner_details.json`);
    /// `status` 2 normal, 3 paused, 1 while starting.
    func details(_ live: LiveReading) -> WireJSON {
        let status: Int
        switch live.activity {
        case .sleeping: status = 3
        case .starting, .rebooting: status = 1
        case .mining, .tuning: status = 2
        }
        let name = WireJSON.string(miner.model.name)
        return [
            "bos_mode": 4,
            "bos_version": ["bos_plus": true, "current": .string(Self.build), "major": .string(Self.build)],
            "bosminer_uptime_s": .int(live.uptime), "hostname": .string(miner.hostname),
            "mac_address": .string(miner.mac.lowercased()),
            "miner_identity": ["brand": 1, "miner_model": name, "model": 18, "name": name],
            "serial_number": .string(miner.serial), "status": .int(status),
            "sticker_hashrate": [
                "gigahash_per_second": .fixed(miner.model.nominalHashrate.gigahashesPerSecond, digits: 1)
            ],
            "system_uptime_s": .int(live.uptime),
        ]
    }

    /// `GET /api/v1/configuration/miner` (shape of `braiins/v25_07/…configuration_miner.json`).
    func configuration(_ live: LiveReading) -> WireJSON {
        [
            "pool_groups": .array([]),
            "tuner": [
                "enabled": true, "hashrate_target": .null,
                "power_target": ["watt": .int(Self.watts(live.configured))], "tuner_mode": 1,
            ],
        ]
    }

    /// `GET /api/v1/configuration/constraints` (synthetic shape: no recording exists).
    func constraints() -> WireJSON {
        let limits = Self.limits(for: miner.model)
        return [
            "tuner_constraints": [
                "power_target": [
                    "default": ["watt": .int(Int(miner.model.nominalPower.value))], "min": ["watt": .int(limits.min)],
                    "max": ["watt": .int(limits.max)],
                ]
            ]
        ]
    }

    /// `GET /api/v1/performance/tuner-state`: 3 (TUNING) while re-tuning, else 2 (STABLE).
    func tunerState(_ live: LiveReading) -> WireJSON {
        [
            "mode_state": ["powertargetmodestate": ["current_target": ["watt": .int(Self.watts(live.configured))]]],
            "overall_tuner_state": .int(live.activity == .tuning ? 3 : 2),
        ]
    }

    /// `PUT /api/v1/performance/power-target {"watt"}`: re-tunes after the retune delay.
    func setPowerTarget(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        guard let watts = (try? TolerantJSONReader.parse(request.body))?["watt"]?.int else {
            return Self.error(400, "Missing watt")
        }
        let limits = Self.limits(for: miner.model)
        guard (limits.min...limits.max).contains(watts) else {
            return Self.error(400, "Power target \(watts) W is outside \(limits.min)-\(limits.max) W")
        }
        miner.record(
            .setPowerTarget(Watts(Double(watts))), "PUT /api/v1/performance/power-target watt=\(watts)",
            address: local.address)
        let setting = Self.setting(watts: watts, model: miner.model)
        if setting != miner.reading().configured {
            miner.configure(setting, delay: miner.timing.retune, shows: .tuning)
        }
        return .json(200, ["watt": .int(watts)])
    }

    /// `PUT /api/v1/actions/pause|resume`.
    func pause(_ asleep: Bool, at local: LocalEndpoint) -> HTTPResponse {
        miner.record(
            asleep ? .sleep : .wake, "PUT /api/v1/actions/\(asleep ? "pause" : "resume")", address: local.address)
        miner.setAsleep(
            asleep, delay: asleep ? miner.timing.sleep : miner.timing.wake, shows: asleep ? .sleeping : .starting)
        return HTTPResponse(status: 204)
    }

    /// `PUT /api/v1/actions/reboot`: offline at once.
    func reboot(at local: LocalEndpoint) -> HTTPResponse {
        miner.record(.reboot, "PUT /api/v1/actions/reboot", address: local.address)
        miner.reboot(keepsSleep: false)
        return HTTPResponse(status: 204)
    }

    /// `PUT /api/v1/actions/locate` with `true` / `false`.
    func locate(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        guard let on = (try? TolerantJSONReader.parse(request.body))?.bool else {
            return Self.error(400, "Expected true or false")
        }
        miner.record(.locate(on), "PUT /api/v1/actions/locate \(on)", address: local.address)
        miner.setLocate(on)
        return HTTPResponse(status: 204)
    }

    /// `POST /graphql`: the state query only (no login needed), in the shape of the 21.09–25.05
    /// schema; anything else gets a GraphQL error.
    func graphQL(_ request: SimulatedHTTPRequest) -> HTTPResponse {
        let query = (try? TolerantJSONReader.parse(request.body))?["query"]?.string ?? ""
        guard query.hasPrefix("{bos{hostname") else {
            return .json(200, ["errors": [["message": "this simulated 25.07 miner serves only the state query"]]])
        }
        let live = miner.reading()
        let limits = Self.limits(for: miner.model)
        let state: WireJSON = [
            "bos": [
                "hostname": .string(miner.hostname), "macAddress": .string(miner.mac.lowercased()),
                "faultLight": .bool(live.locate), "info": ["version": ["full": .string(Self.build)]],
            ],
            "bosminer": [
                "info": ["modelName": .string(miner.model.name)],
                "config": [
                    "autotuning": [
                        "enabled": true, "mode": "POWER_TARGET", "powerTarget": .int(Self.watts(live.configured)),
                    ]
                ],
                "metadata": [
                    "autotuning": [
                        "powerTarget": [
                            "default": .int(Int(miner.model.nominalPower.value)), "min": .int(limits.min),
                            "max": .int(limits.max),
                        ]
                    ]
                ],
            ],
        ]
        return .json(200, ["data": state])
    }
}
