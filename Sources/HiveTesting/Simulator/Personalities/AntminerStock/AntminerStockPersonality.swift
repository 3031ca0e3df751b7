public import HiveProtocols

/// Bitmain's stock Antminer firmware (S19 generation): lighttpd with HTTP Digest on port 80
/// serving the `/cgi-bin/*.cgi` API, and BMMiner's CGMiner API on port 4028.
///
/// - Every HTTP path, `/` included, is behind Digest (realm "antMiner Configuration", MD5,
///   `qop="auth"`); wrong or missing credentials get a fresh challenge and lighttpd's 401 page.
/// - Work modes through `set_miner_conf.cgi` (`miner-mode` 0 normal, 1 sleep, 3 low), read back
///   at once as `bitmain-work-mode`; power and hash rate follow after the personality's delay.
/// - `reboot.cgi` takes the miner offline; `blink.cgi` drives the locate light.
/// - CGMiner `version`, `summary`, `stats`, `pools`, `devs` in the S19 shapes, hash rates in
///   GH/s, NUL-terminated by the server.
/// - Some miners (chosen by seed) report `"bitmain-fan-ctrl" : ,` in `get_miner_conf.cgi`, as
///   real S19s with the fan setting never saved do.
public struct AntminerStockPersonality: MinerPersonality {
    /// `antminer-stock`.
    public static let id: DriverID = "antminer-stock"
    /// HTTP on 80, CGMiner on 4028.
    public static let ports = [ServedPort(80, .http), ServedPort(4028, .cgminer)]
    /// `root` / `root`.
    public static let defaultCredentials = Credentials(username: "root", password: "root")
    /// Mode changes restart BMMiner (20 s); sleep is fast (5 s); a reboot takes 90 s.
    public static let timing = ControlTiming(
        change: .seconds(20), sleep: .seconds(5), wake: .seconds(20), reboot: .seconds(90))

    /// S19-generation models (Bitmain's published power and hash rate; chip counts and clocks
    /// from the recorded `stats` replies where one exists).
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "Antminer S19 Pro", nominalPower: Watts(3250), nominalHashrate: .terahashes(110), chipsPerChain: 114,
            chipsPerDomain: 3, frequency: 525, voltage: 13_600),
        SimulatedModel(
            name: "Antminer S19", nominalPower: Watts(3250), nominalHashrate: .terahashes(95), chipsPerChain: 76,
            chipsPerDomain: 2, frequency: 675, voltage: 13_800),
        SimulatedModel(
            name: "Antminer S19j Pro", nominalPower: Watts(3068), nominalHashrate: .terahashes(100), chipsPerChain: 126,
            chipsPerDomain: 3, frequency: 525, voltage: 13_500),
        SimulatedModel(
            name: "Antminer S19 XP", nominalPower: Watts(3010), nominalHashrate: .terahashes(140), chipsPerChain: 110,
            chipsPerDomain: 2, frequency: 500, voltage: 13_400),
    ]

    /// Normal mode (stock clocks).
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        .stock(model, name: WorkMode.normal.name)
    }

    let miner: SimulatedMiner
    let digest: DigestGuard
    /// Whether this miner's saved config lacks the fan setting (`"bitmain-fan-ctrl" : ,`).
    let fanControlUnset: Bool

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
        self.digest = DigestGuard(secret: SeededNoise.hash(miner.seed, 0xD16E57))
        self.fanControlUnset = SeededNoise.unit(miner.seed, 0xFA9) < 0.5
    }

    /// Answers the CGI (port 80), after checking the digest answer.
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        guard digest.verify(request, credentials: miner.credentials), !miner.rejectsCredentials else {
            var response = HTTPResponse.html(401, AntminerStockTemplates.unauthorizedPage)
            response.headers.append(digest.challenge())
            return response
        }
        return routeCGI(request, at: local)
    }

    /// Answers BMMiner's API (port 4028).
    public func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        let live = miner.reading()
        return CGMinerReplies.dispatch(call, when: live.unixTime, description: Self.cgminerDescription) { command, _ in
            rpc(command, live: live)
        }
    }

    /// The `Description` BMMiner puts in every `STATUS`.
    static let cgminerDescription = "cgminer 1.0.0"

    /// The stock work modes.
    enum WorkMode: Int {
        case normal = 0
        case sleep = 1
        case low = 3

        /// The setting name for a hashing mode.
        var name: String {
            switch self {
            case .normal: "normal"
            case .sleep: "sleep"
            case .low: "low"
            }
        }

        /// The setting a hashing mode runs on `model` (low: ~70 % power, ~77 % hash rate).
        func setting(for model: SimulatedModel) -> PowerSetting {
            guard self == .low else { return .stock(model, name: WorkMode.normal.name) }
            return PowerSetting(
                name: name, power: model.nominalPower * 0.7, hashrate: model.nominalHashrate * 0.77,
                frequency: model.frequency * 0.8, voltage: model.voltage * 0.95)
        }
    }

    /// The configured work mode, as `bitmain-work-mode` reports it.
    func configuredMode(_ live: LiveReading) -> WorkMode {
        if live.configuredAsleep { return .sleep }
        return live.configured.name == WorkMode.low.name ? .low : .normal
    }
}
