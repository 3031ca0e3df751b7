public import HiveProtocols

/// ePIC UMC firmware ("PowerPlay") on an Antminer: its **HTTP JSON API on port 4028** (where
/// other firmwares serve the CGMiner API) and the web dashboard on port 80.
///
/// - `GET /` (port 80) is the "Miner Web Dashboard" page.
/// - Reads on 4028, in the shapes of `firmware-samples/epic/v1` (PowerPlay-BMS 1.5.13, real):
///   `/summary`, `/capabilities` (here with the `PowerTune` watt algorithm of 1.38, from the
///   vendor's OpenAPI document), `/network`, `/temps`, and per chip `/hashrate`, `/temps/chip`,
///   `/voltages`, `/clocks`. Boards are numbered from 0.
/// - Writes are `POST {"param": …, "password": …}` answering `{"result": …, "error": …}`; a
///   wrong password gets `"error": "BadPassword"`: `perpetualtune/algo` (`PowerTune` target in
///   watts within the range `/capabilities` lists: re-tunes, `Operating State`
///   `AdjustingClockVoltage`, for the retune delay), `miner` `Stop` (`Idling`) / `Autostart`
///   (`Initializing`, then `Mining`), `reboot`, `identify` true / false.
/// - A CGMiner request on 4028 is refused with HTTP 400, as an HTTP server does.
public struct EPICPersonality: MinerPersonality {
    /// `epic`.
    public static let id: DriverID = "epic"
    /// HTTP on 80 (dashboard) and on 4028 (the API).
    public static let ports = [ServedPort(80, .http), ServedPort(4028, .http)]
    /// Password `letmein` (the user name is not used).
    public static let defaultCredentials = Credentials(username: "root", password: "letmein")
    /// Stop is fast (5 s), a new target re-tunes (60 s), a reboot 90 s.
    public static let timing = ControlTiming(
        change: .seconds(20), sleep: .seconds(5), wake: .seconds(30), retune: .seconds(60), reboot: .seconds(90))
    /// The firmware served.
    public static let software = "PowerPlay-BMS v1.38.3"

    /// The Antminer S19 XP of the recorded samples (110 chips per board, 485 MHz, 12.9 V).
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "Antminer S19 XP", nominalPower: Watts(3010), nominalHashrate: .terahashes(141), chipsPerChain: 110,
            chipsPerDomain: 2, frequency: 485, voltage: 12_900)
    ]

    /// The PowerTune range for a model: 60 % to 125 % of nominal power.
    public static func limits(for model: SimulatedModel) -> (min: Int, max: Int) {
        (Int((model.nominalPower.value * 0.6).rounded()), Int((model.nominalPower.value * 1.25).rounded()))
    }

    /// A PowerTune target at nominal power.
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        setting(watts: Int(model.nominalPower.value.rounded()), model: model)
    }

    /// The setting a PowerTune target gives: hash rate and clock scale with the target.
    public static func setting(watts: Int, model: SimulatedModel) -> PowerSetting {
        let ratio = Double(watts) / model.nominalPower.value
        return PowerSetting(
            name: "\(watts)", power: Watts(Double(watts)), hashrate: model.nominalHashrate * ratio,
            frequency: (model.frequency * ratio).rounded(), voltage: model.voltage)
    }

    /// The watts a setting stands for (its name is the target).
    static func watts(_ setting: PowerSetting) -> Int { Int(setting.name) ?? Int(setting.power.value.rounded()) }

    let miner: SimulatedMiner

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
    }

    /// Answers the dashboard (port 80) and the API (port 4028).
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        guard local.port == 4028 else {
            guard request.method == "GET", request.path == "/" || request.path == "/index.html" else {
                return .html(404, "<html><body><h1>404 Not Found</h1></body></html>")
            }
            return .html(200, Self.dashboard)
        }
        let live = miner.reading()
        switch (request.method, request.path) {
        case ("GET", "/summary"): return .json(200, summary(live))
        case ("GET", "/capabilities"): return .json(200, capabilities())
        case ("GET", "/network"): return .json(200, network(at: local))
        case ("GET", "/temps"):
            return .json(200, boards(live) { .array($0.boardTemps.map { .fixed(Double($0), digits: 3) }) })
        case ("GET", "/hashrate"): return .json(200, chipRates(live))
        case ("GET", "/temps/chip"):
            return .json(200, chips(live) { chain, chip in .number(Double(chain.chipTemps[chip % 4])) })
        case ("GET", "/voltages"):
            return .json(200, chips(live) { chain, _ in .fixed(chipMillivolts(chain), digits: 1) })
        case ("GET", "/clocks"): return .json(200, chips(live) { chain, _ in .fixed(chain.frequency, digits: 1) })
        case ("POST", "/perpetualtune/algo"), ("POST", "/miner"), ("POST", "/reboot"), ("POST", "/identify"):
            return write(request, at: local)
        default:
            return .jsonText(404, #"{"result":false,"error":{"InvalidUrl":"\#(request.path)"}}"#)
        }
    }

    /// No CGMiner API: the simulator never routes CGMiner calls here (4028 speaks HTTP).
    public func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        CGMinerReplies.invalidCommand(when: miner.reading().unixTime, description: Self.software)
    }

    /// The dashboard page (synthetic: no recording; its title is what pyasic and asic-rs read).
    static let dashboard = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Miner Web Dashboard</title></head>
        <body><div id="app"></div></body></html>
        """
}
