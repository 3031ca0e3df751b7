public import HiveProtocols

/// Auradine's FluxOS on a Teraflux AT1500: gcminer's CGMiner API on port 4028 and the FluxOS
/// web API on port 8080.
///
/// - CGMiner: `version` (`VERSION[0].GCMiner`, `Description` "FluxOS-…"), `summary`, `pools`,
///   `devs`, `asccount`, in the shapes of `firmware-samples/auradine/v1/cgminer__*.json`
///   (hash rates in MH/s, boards numbered from 1).
/// - Web: `POST /token {"command":"token","user","password"}` → `{"Token":[{"Token":…}]}`; every
///   other request needs that token in a `Token` header (401 with a `STATUS` error otherwise;
///   tokens expire after an hour idle and die with a reboot). Reads `ipreport`, `mode`, `psu`,
///   `fan`, `temperature`, `voltage`, `frequency`, `led` (shapes of `http8080__*.json`);
///   writes `mode` (`sleep` on/off; `mode custom, tune power, power W` within
///   ``powerRange``, re-tuning for the retune delay), `led` (`code` 3 locate, 2 normal) and
///   `restart` (reboot).
public struct AuradinePersonality: MinerPersonality {
    /// `auradine`.
    public static let id: DriverID = "auradine"
    /// CGMiner on 4028, HTTP on 8080.
    public static let ports = [ServedPort(4028, .cgminer), ServedPort(8080, .http)]
    /// `admin` / `admin`.
    public static let defaultCredentials = Credentials(username: "admin", password: "admin")
    /// Sleep 10 s, wake 60 s, a new target re-tunes for 60 s, a reboot 120 s.
    public static let timing = ControlTiming(
        change: .seconds(20), sleep: .seconds(10), wake: .seconds(60), retune: .seconds(60), reboot: .seconds(120))
    /// The FluxOS release served.
    public static let release = "2024-06.11"
    /// The `Description` in `STATUS` entries (shape of the recorded FluxOS replies).
    static let description = "FluxOS-2024-06.11-d37c5dd4a7f8e4837e63dc99e577620cb5e9361d"
    /// How long a token lives without use.
    public static let tokenIdleLifetime: Duration = .seconds(3600)
    /// The PSU's maximum output (`PoutMax`), as the recorded AT1500 reports it.
    public static let psuMaximum = 3452

    /// The AT1500 of the recorded samples: 3 boards of 132 chips (`asccount` 396 / 3), 11.5 V
    /// (`VoutSet`), and the custom target the recording shows (2000 W for 160 TH/s) as its
    /// nominal figures — not a datasheet (Auradine publishes none that the samples confirm).
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "Auradine AT1500", nominalPower: Watts(2000), nominalHashrate: .terahashes(160), chipsPerChain: 132,
            chipsPerDomain: 2, frequency: 320, voltage: 11_500)
    ]

    /// The power targets the simulated firmware accepts: half the PSU maximum up to it.
    public static let powerRange = (psuMaximum / 2)...psuMaximum

    /// A custom power target at nominal power.
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        setting(watts: Int(model.nominalPower.value.rounded()), model: model)
    }

    /// The setting a power target gives: hash rate and clock scale with the target.
    public static func setting(watts: Int, model: SimulatedModel) -> PowerSetting {
        let ratio = Double(watts) / model.nominalPower.value
        return PowerSetting(
            name: "\(watts)", power: Watts(Double(watts)), hashrate: model.nominalHashrate * ratio,
            frequency: (model.frequency * ratio).rounded(), voltage: model.voltage)
    }

    /// The watts a setting stands for (its name is the target).
    static func watts(_ setting: PowerSetting) -> Int { Int(setting.name) ?? Int(setting.power.value.rounded()) }

    let miner: SimulatedMiner
    let tokens: SimulatedTokens

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
        self.tokens = SimulatedTokens(
            seed: SeededNoise.hash(miner.seed, 0xA0), salt: 0xA0D, length: 32, idleLifetime: Self.tokenIdleLifetime)
    }

    /// Answers the web API on 8080.
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        if request.method == "POST", request.path == "/token" { return token(request) }
        guard isAuthorized(request) else { return Self.status(401, "E", code: 401, "Invalid or expired token") }
        let live = miner.reading()
        switch (request.method, request.path) {
        case ("GET", "/ipreport"): return .json(200, ipreport(at: local))
        case ("GET", "/mode"): return .json(200, mode(live))
        case ("GET", "/psu"): return .json(200, psu(live))
        case ("GET", "/fan"): return .json(200, fan(live))
        case ("GET", "/temperature"): return .json(200, temperature(live))
        case ("GET", "/voltage"): return .json(200, voltage(live))
        case ("GET", "/frequency"): return .json(200, frequency(live))
        case ("GET", "/led"): return .json(200, led(live))
        case ("POST", "/mode"): return setMode(request, at: local)
        case ("POST", "/led"): return setLED(request, at: local)
        case ("POST", "/restart"): return restart(at: local)
        default: return Self.status(404, "E", code: 14, "Invalid command")
        }
    }

    /// Answers gcminer's CGMiner API on 4028.
    public func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        let live = miner.reading()
        return CGMinerReplies.dispatch(call, when: live.unixTime, description: Self.description) { command, _ in
            rpc(command, live: live)
        }
    }

    /// Whether the request carries a valid token.
    func isAuthorized(_ request: SimulatedHTTPRequest) -> Bool {
        guard !miner.rejectsCredentials, let token = request.header("Token"), !token.isEmpty else { return false }
        let (now, boot) = miner.withState { state, now in (now, state.bootCount) }
        return tokens.use(token, now: now, boot: boot)
    }

    /// A reply with only a `STATUS` entry.
    static func status(_ http: Int, _ kind: String, code: Int, _ message: String, when: Int = 0) -> HTTPResponse {
        .json(
            http,
            [
                "STATUS": [
                    [
                        "Code": .int(code), "Description": .string(description), "Msg": .string(message),
                        "STATUS": .string(kind), "When": .int(when),
                    ]
                ],
                "id": 1,
            ])
    }
}
