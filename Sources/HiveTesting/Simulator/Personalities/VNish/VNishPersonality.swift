public import HiveProtocols

/// VNish 1.x (AnthillOS) on an Antminer: the REST API under `/api/v1` on port 80 and a
/// cgminer 4.11.1 CGMiner API on port 4028.
///
/// - `GET /` is the AnthillOS web page; `info`, `model`, `status` and `unlock` need no
///   authentication; `apikeys` needs the bearer token from `POST /unlock {"pw"}`; every other
///   endpoint takes the bearer token or an `x-api-key` (32 characters, created with
///   `POST /apikeys`, kept per miner across reboots). Tokens last 30 minutes and die with a
///   reboot. Refusals are 401 `{"err":…}`.
/// - `POST /settings {"miner":{"overclock":{"preset":…}}}` saves the preset and answers
///   `{"restart_required":…,"reboot_required":false}`. Between two tuned presets it re-tunes at
///   once (`miner_state` "auto-tuning" for the retune delay); turning autotune on or off
///   (to or from `disabled`) needs `POST /mining/restart` first, and reports
///   `restart_required` until then.
/// - `mining/pause|stop` (state "stopped", fast), `mining/resume|start` ("initializing"),
///   `mining/restart`, `find-miner` (toggles, `{"on":…}`), `system/reboot`.
/// - CGMiner `version` names the firmware (`"Type":"Antminer S19 (vnish 1.2.6)"`, the shape of
///   `identification/foreman-cgminer-version/cgminer__version__vnish-3.8.6-s9.json`), `summary`,
///   `stats`, `pools`.
public struct VNishPersonality: MinerPersonality {
    /// `vnish`.
    public static let id: DriverID = "vnish"
    /// HTTP on 80, CGMiner on 4028.
    public static let ports = [ServedPort(80, .http), ServedPort(4028, .cgminer)]
    /// Password `admin` (VNish's default web password; the user name is not used).
    public static let defaultCredentials = Credentials(username: "admin", password: "admin")
    /// Pause is fast (5 s), re-tuning slow (60 s), a reboot 90 s.
    public static let timing = ControlTiming(
        change: .seconds(20), sleep: .seconds(5), wake: .seconds(20), retune: .seconds(60), reboot: .seconds(90))
    /// The firmware version served.
    public static let firmwareVersion = "1.2.6"
    /// How long an unlock token stays valid.
    public static let tokenLifetime: Duration = .seconds(1800)

    /// The Antminer S19, whose VNish preset ladder is recorded.
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "Antminer S19", nominalPower: Watts(3250), nominalHashrate: .terahashes(95), chipsPerChain: 76,
            chipsPerDomain: 2, frequency: 675, voltage: 13_800)
    ]

    /// The preset ladder for a model.
    public static func ladder(for model: SimulatedModel) -> VNishPresetLadder {
        VNishPresetLadder.s19(stock: model)
    }

    /// `disabled` (autotune off: stock clocks).
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        .stock(model, name: VNishPresetLadder.stockName)
    }

    let miner: SimulatedMiner
    let ladder: VNishPresetLadder
    let sessions: VNishSessions

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
        self.ladder = Self.ladder(for: miner.model)
        self.sessions = VNishSessions(seed: SeededNoise.hash(miner.seed, 0x5E55), tokenLifetime: Self.tokenLifetime)
    }

    /// Answers the web page and the REST API.
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        let route = (request.method, request.path)
        switch route {
        case ("GET", "/"), ("GET", "/index.html"): return .html(200, VNishTemplates.webPage)
        case ("GET", "/api/v1/info"): return .json(200, info(local))
        case ("GET", "/api/v1/model"): return .jsonText(200, VNishTemplates.model(miner.model))
        case ("GET", "/api/v1/status"): return .json(200, status(miner.reading()))
        case ("POST", "/api/v1/unlock"): return unlock(request)
        default: break
        }
        guard request.path.hasPrefix("/api/v1/") else { return Self.error(404, "Not found") }
        guard isAuthorized(request, bearerOnly: request.path.hasPrefix("/api/v1/apikeys")) else {
            return Self.error(401, "Unauthorized")
        }
        switch route {
        case ("GET", "/api/v1/summary"): return .json(200, summary(miner.reading()))
        case ("GET", "/api/v1/perf-summary"): return .json(200, perfSummary(miner.reading()))
        case ("GET", "/api/v1/chains"): return .json(200, chains(miner.reading()))
        case ("GET", "/api/v1/autotune/presets"): return .json(200, presets())
        case ("GET", "/api/v1/apikeys"):
            return .json(
                200, .array(sessions.keys.map { ["key": .string($0.key), "description": .string($0.description)] }))
        case ("POST", "/api/v1/apikeys"): return addKey(request)
        case ("POST", "/api/v1/apikeys/delete"): return deleteKey(request)
        case ("GET", "/api/v1/settings"): return HTTPResponse(status: 200)
        case ("POST", "/api/v1/settings"): return saveSettings(request, at: local)
        case ("POST", "/api/v1/find-miner"): return findMiner(at: local)
        case ("POST", "/api/v1/system/reboot"): return reboot(at: local)
        case ("POST", _) where request.path.hasPrefix("/api/v1/mining/"):
            return mining(String(request.path.dropFirst("/api/v1/mining/".count)), at: local)
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

    /// Whether the request carries a valid bearer token (or, unless `bearerOnly`, API key).
    func isAuthorized(_ request: SimulatedHTTPRequest, bearerOnly: Bool) -> Bool {
        guard !miner.rejectsCredentials else { return false }
        if let header = request.header("Authorization"), header.lowercased().hasPrefix("bearer ") {
            let token = String(header.dropFirst(7)).trimmingSpaces
            let (now, boot) = miner.withState { state, now in (now, state.bootCount) }
            if sessions.isValid(token: token, now: now, boot: boot) { return true }
        }
        if !bearerOnly, let key = request.header("x-api-key"), sessions.isValid(key: key) { return true }
        return false
    }

    /// A VNish error reply `{"err":…}`.
    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        .json(status, ["err": .string(message)])
    }

    /// The `Description` in CGMiner `STATUS` entries.
    static let cgminerDescription = "cgminer 4.11.1"
}
