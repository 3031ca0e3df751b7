import Foundation
public import HiveProtocols

/// ESP-Miner / AxeOS on a Bitaxe: HTTP on port 80, no authentication, no CGMiner API.
///
/// - `GET /api/system/info` in the shape of `firmware-samples/bitaxe/v2_0_0` (v2.4.5, Supra) and,
///   for the Gamma, of ESP-Miner's `system_api_json.c` on v2.14 (adds `miningPaused`,
///   `hashRate_1h`, `expectedHashrate`, `actualFrequency`).
/// - `PATCH /api/system {"frequency": N}`: stored (read back at once as `frequency`), running
///   after ``timing`` `change`; 200 with an empty body. `POST /api/system/restart`.
/// - `POST /api/system/pause` / `resume` on v2.14 only (`{"message": "Mining paused"}`); 404 on
///   the v2.4.5 Supra, as that firmware has no such path.
public struct BitaxePersonality: MinerPersonality {
    /// `bitaxe`.
    public static let id: DriverID = "bitaxe"
    /// HTTP on 80.
    public static let ports = [ServedPort(80, .http)]
    /// AxeOS has no login.
    public static let defaultCredentials = Credentials(username: "", password: "")
    /// A frequency change ramps in seconds; a restart takes about half a minute.
    public static let timing = ControlTiming(
        change: .seconds(10), sleep: .seconds(2), wake: .seconds(10), retune: .seconds(10), reboot: .seconds(30))

    /// Supra (BM1368) and Gamma (BM1370): the hash rate ESP-Miner expects at the default
    /// frequency (`frequency × smallCoreCount / 1000` GH/s: 490 × 1276, 525 × 2040) and its
    /// board power target (`device_config.h`: 12 W for board 401, 19 W for 601).
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "Bitaxe Supra", nominalPower: Watts(12), nominalHashrate: .gigahashes(490 * 1276 / 1000),
            idlePower: Watts(3), chains: 1, chipsPerChain: 1, chipsPerDomain: 1, frequency: 490, voltage: 1166,
            fans: 1),
        SimulatedModel(
            name: "Bitaxe Gamma", nominalPower: Watts(19), nominalHashrate: .gigahashes(525 * 2040 / 1000),
            idlePower: Watts(4), chains: 1, chipsPerChain: 1, chipsPerDomain: 1, frequency: 525, voltage: 1150,
            fans: 1),
    ]

    /// The default frequency.
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        setting(frequency: Int(model.frequency), model: model)
    }

    /// Running at `frequency` MHz: hash rate as ESP-Miner computes it, power proportional to
    /// the frequency (a simulation choice).
    static func setting(frequency: Int, model: SimulatedModel) -> PowerSetting {
        let scale = Double(frequency) / model.frequency
        return PowerSetting(
            name: String(frequency), power: model.nominalPower * scale, hashrate: model.nominalHashrate * scale,
            frequency: Double(frequency), voltage: model.voltage)
    }

    let miner: SimulatedMiner
    /// The Gamma runs v2.14 (pause / resume); the Supra v2.4.5.
    let isGamma: Bool

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
        self.isGamma = miner.model.name == "Bitaxe Gamma"
    }

    /// No CGMiner API on AxeOS.
    public func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        CGMinerReplies.invalidCommand(when: miner.reading().unixTime, description: "")
    }

    /// The REST API.
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/api/system/info"): return .json(200, info(miner.reading()))
        case ("PATCH", "/api/system"): return patch(request, at: local)
        case ("POST", "/api/system/restart"):
            miner.record(.reboot, "POST /api/system/restart", address: local.address)
            miner.reboot(keepsSleep: false)
            return .json(200, ["message": "System will restart shortly."])
        case ("POST", "/api/system/pause") where isGamma, ("POST", "/api/system/resume") where isGamma:
            let pause = request.path.hasSuffix("pause")
            miner.record(pause ? .sleep : .wake, "POST \(request.path)", address: local.address)
            miner.setAsleep(
                pause, delay: pause ? miner.timing.sleep : miner.timing.wake, shows: pause ? .sleeping : .starting)
            return .json(200, ["message": pause ? "Mining paused" : "Mining resumed"])
        default:
            return HTTPResponse(status: 404, body: Array("Not Found".utf8))
        }
    }

    /// Stores a new frequency (other settings are accepted and ignored).
    private func patch(_ request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        guard let body = try? TolerantJSONReader.parse(request.body), body.object != nil else {
            return HTTPResponse(status: 400, body: Array("Invalid JSON".utf8))
        }
        if let frequency = body["frequency"]?.int {
            guard frequency > 0 else { return HTTPResponse(status: 400, body: Array("Wrong API input".utf8)) }
            miner.record(.selectPreset(String(frequency)), "PATCH /api/system frequency", address: local.address)
            miner.configure(
                Self.setting(frequency: frequency, model: miner.model), delay: miner.timing.change, shows: .tuning)
        }
        return HTTPResponse(status: 200)
    }

    /// `GET /api/system/info` from the live reading.
    func info(_ live: LiveReading) -> WireJSON {
        let chain = live.chains.first
        let hashing = live.isHashing
        let chipTemp = Double(chain?.chipTemps.first ?? 40) + 0.125
        var members: [(String, WireJSON)] = [
            ("power", .fixed(live.power.value, digits: 3)), ("voltage", 5110),
            ("current", .fixed(live.power.value / 5.11 * 1000, digits: 2)), ("temp", .fixed(chipTemp, digits: 3)),
            ("vrTemp", .int(Int(chipTemp) + 12)), ("coreVoltageActual", .int(Int(miner.model.voltage) + 4)),
        ]
        if isGamma {
            members += [
                ("temp2", -1), ("actualFrequency", .fixed(hashing ? live.setting.frequency : 0, digits: 1)),
                ("expectedHashrate", .fixed(live.configured.hashrate.gigahashesPerSecond, digits: 2)),
            ]
        }
        members += [
            ("fanspeed", 35), ("fanrpm", .int(live.fans.first ?? 0)), ("hashRate", .fixed(live.rateGH, digits: 2)),
        ]
        if isGamma {
            members += [
                ("hashRate_1h", .fixed(live.averageGH, digits: 2)), ("miningPaused", .bool(live.configuredAsleep)),
            ]
        }
        members += [
            ("sharesAccepted", .int(live.accepted)), ("sharesRejected", .int(live.rejected)),
            ("uptimeSeconds", .int(live.uptime)), ("overheat_mode", 0), ("wifiStatus", "Connected!"),
            ("version", isGamma ? "v2.14.0" : "v2.4.5"), ("idfVersion", isGamma ? "v5.5.1" : "v5.4"),
            ("boardVersion", isGamma ? "601" : "401"), ("smallCoreCount", isGamma ? 2040 : 1276),
            ("ASICModel", isGamma ? "BM1370" : "BM1368"), ("asicCount", 1), ("macAddr", .string(miner.mac)),
            ("hostname", .string(miner.hostname)), ("isUsingFallbackStratum", 0),
            ("stratumURL", .string(SimulatedPool.hosts[0])), ("stratumPort", 3333),
            ("stratumUser", .string("sim.\(miner.hostname)")), ("fallbackStratumURL", .string(SimulatedPool.hosts[1])),
            ("fallbackStratumPort", 443), ("fallbackStratumUser", .string("sim.\(miner.hostname)")),
            ("coreVoltage", .int(Int(miner.model.voltage))), ("frequency", .int(Int(live.configured.frequency))),
        ]
        return .object(members)
    }
}
