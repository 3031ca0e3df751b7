public import HiveProtocols

/// Braiins OS+ 25.07 on an Antminer: the public REST API under `/api/v1` and the GraphQL
/// state read on port 80, and BOSer's CGMiner-compatible API on port 4028.
///
/// - `GET /` is the web UI page (it names "Braiins OS"). `POST /graphql` answers the state
///   query (hostname, MAC, fault light, build, model, autotuning and its limits) without a
///   login, as 25.07 does; other GraphQL documents get a GraphQL error (this release is
///   controlled through REST).
/// - `POST /api/v1/auth/login {"username","password"}` → `{"token","timeout_s"}`; every other
///   `/api/v1` path needs `Authorization: Bearer <token>` (401 otherwise). Tokens expire after
///   an hour idle and die with a reboot.
/// - Reads: `miner/details`, `configuration/miner`, `configuration/constraints`,
///   `performance/tuner-state`, `actions/locate` (shapes of `braiins/v25_07/*`).
/// - Writes: `PUT performance/power-target {"watt"}` (re-tunes: tuner state TUNING, then the
///   new power after the retune delay), `PUT actions/pause|resume|reboot`, `PUT actions/locate`
///   with `true`/`false`. Out-of-range targets get 400 with a message.
/// - CGMiner: `version`, `devdetails`, `summary`, `pools`, `fans`, `temps`, `devs`,
///   `tunerstatus` (hash rates in MH/s, as BOSer reports them).
public struct BraiinsOSPersonality: MinerPersonality {
    /// `braiins-os`.
    public static let id: DriverID = "braiins-os"
    /// HTTP on 80, CGMiner on 4028.
    public static let ports = [ServedPort(80, .http), ServedPort(4028, .cgminer)]
    /// `root` / `root`.
    public static let defaultCredentials = Credentials(username: "root", password: "root")
    /// Pause is fast (5 s), a new power target re-tunes (60 s), a reboot 90 s.
    public static let timing = ControlTiming(
        change: .seconds(20), sleep: .seconds(5), wake: .seconds(30), retune: .seconds(60), reboot: .seconds(90))
    /// The build served.
    public static let build = "2025-08-06-0-3881c51d-25.07-plus"
    /// How long a REST token lives without use.
    public static let tokenIdleLifetime: Duration = .seconds(3600)

    /// The Antminer S19 XP of the recorded 25.07 samples.
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "Antminer S19 XP", nominalPower: Watts(3010), nominalHashrate: .terahashes(141), chipsPerChain: 110,
            chipsPerDomain: 2, frequency: 485, voltage: 12_940)
    ]

    /// The tuner's power-target range for a model: 60 % to 125 % of nominal power.
    public static func limits(for model: SimulatedModel) -> (min: Int, max: Int) {
        (Int((model.nominalPower.value * 0.6).rounded()), Int((model.nominalPower.value * 1.25).rounded()))
    }

    /// The stock power target (nominal power).
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        setting(watts: Int(model.nominalPower.value.rounded()), model: model)
    }

    /// The setting a power target gives: hash rate and frequency scale with the target.
    public static func setting(watts: Int, model: SimulatedModel) -> PowerSetting {
        let ratio = Double(watts) / model.nominalPower.value
        return PowerSetting(
            name: "\(watts)", power: Watts(Double(watts)), hashrate: model.nominalHashrate * ratio,
            frequency: (model.frequency * ratio).rounded(), voltage: model.voltage)
    }

    let miner: SimulatedMiner
    let sessions: SimulatedTokens

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
        self.sessions = SimulatedTokens(
            seed: SeededNoise.hash(miner.seed, 0xB0), salt: 0xB05, length: 24, idleLifetime: Self.tokenIdleLifetime)
    }

    /// Answers the web page, GraphQL and the REST API.
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/"), ("GET", "/index.html"): return .html(200, Self.webPage)
        case ("POST", "/graphql"): return graphQL(request)
        case ("POST", "/api/v1/auth/login"): return login(request)
        default: break
        }
        guard request.path.hasPrefix("/api/v1/") else { return Self.error(404, "Not found") }
        guard isAuthorized(request) else { return Self.error(401, "Unauthorized") }
        let live = miner.reading()
        switch (request.method, request.path) {
        case ("GET", "/api/v1/miner/details"): return .json(200, details(live))
        case ("GET", "/api/v1/configuration/miner"): return .json(200, configuration(live))
        case ("GET", "/api/v1/configuration/constraints"): return .json(200, constraints())
        case ("GET", "/api/v1/performance/tuner-state"): return .json(200, tunerState(live))
        case ("GET", "/api/v1/actions/locate"): return .json(200, .bool(live.locate))
        case ("PUT", "/api/v1/performance/power-target"): return setPowerTarget(request, at: local)
        case ("PUT", "/api/v1/actions/pause"): return pause(true, at: local)
        case ("PUT", "/api/v1/actions/resume"): return pause(false, at: local)
        case ("PUT", "/api/v1/actions/reboot"): return reboot(at: local)
        case ("PUT", "/api/v1/actions/locate"): return locate(request, at: local)
        default: return Self.error(404, "Not found")
        }
    }

    /// Answers the CGMiner API.
    public func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        let live = miner.reading()
        return CGMinerReplies.dispatch(call, when: live.unixTime, description: Self.cgminerDescription) { command, _ in
            rpc(command, live: live)
        }
    }

    /// Whether the request carries a valid bearer token.
    func isAuthorized(_ request: SimulatedHTTPRequest) -> Bool {
        guard !miner.rejectsCredentials, let header = request.header("Authorization"),
            header.lowercased().hasPrefix("bearer ")
        else { return false }
        let (now, boot) = miner.withState { state, now in (now, state.bootCount) }
        return sessions.use(String(header.dropFirst(7)).trimmingSpaces, now: now, boot: boot)
    }

    /// A REST error `{"message":…}`.
    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        .json(status, ["message": .string(message)])
    }

    /// The `Description` in CGMiner `STATUS` entries.
    static let cgminerDescription = "BOSer boser-buildroot 0.1.0-3881c51d"

    /// The web UI's page (synthetic: no recording; the title is what identification reads).
    static let webPage = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Braiins OS</title></head>
        <body><noscript>Braiins OS needs JavaScript.</noscript><div id="root"></div></body></html>
        """
}
