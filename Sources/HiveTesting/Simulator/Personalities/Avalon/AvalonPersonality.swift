public import HiveProtocols

/// Canaan's stock Avalon firmware (CGMiner 4.11.1 on TCP 4028, nothing else).
///
/// - **Two generations by model**: the AvalonMiner 15-194 and 1246-83 (A-series: bracketed
///   status in `STATS[0]["MM ID0"]`, per-chip `PVT_T<i>`/`PVT_V<i>`/`MW<i>` inside it, the
///   panel LED) and the Avalon Q (status in `"MM ID0:Summary"` wrapped as `'STATS':{…}`,
///   per-chip arrays in `"HBinfo"`, no `led` sub-command).
/// - **Work modes** with `ascset 0,workmode,<n>`, read back at once as `WORKMODE[n]`; power and
///   hash rate follow after ``timing`` `change`. A-series 0 normal / 1 high (A10 API manual),
///   Q 0 low / 1 normal / 2 high. `MPO[…]` reports the running mode's power.
/// - **Soft power** with `ascset 0,softoff,1:<t>` / `softon,1:<t>`: the miner answers
///   `ASC 0 set info: success softoff:<t>` (the recorded Avalon Q reply); `SYSTEMSTATU` says
///   `In Work` while hashing, `In Idle` otherwise; `SoftOffTime`/`SoftOnTime` (Q) or `SoftOFF`
///   (A-series) tell a soft power-off from other idleness.
/// - `ascset 0,led,1-<0|1|255>` (A-series), `ascset 0,reboot,0`.
///
/// Reply shapes follow `firmware-samples/avalonminer/{q-25052801,a1566-24102401,a1246-21072802}`.
public struct AvalonPersonality: MinerPersonality {
    /// `avalon`.
    public static let id: DriverID = "avalon"
    /// CGMiner on 4028 only.
    public static let ports = [ServedPort(4028, .cgminer)]
    /// The API has no credentials; the web UI's factory login is `root` / `root`.
    public static let defaultCredentials = Credentials(username: "root", password: "root")
    /// Mode changes and wake take a minute or two on real units; a simulation choice.
    public static let timing = ControlTiming(
        change: .seconds(60), sleep: .seconds(15), wake: .seconds(120), retune: .seconds(60), reboot: .seconds(180))

    /// Models with the figures of the recorded samples: the A1566 hashed 201.9 TH/s nominal
    /// (`GHSmm`) at 3731 W (`WALLPOWER`) in mode 1; the A1246 83.9 TH/s at 3504 W (`PS[6]`) in
    /// mode 1; the Avalon Q 96.8 TH/s at 1670 W (`PS[6]`, asic-rs's parsed Q sample with
    /// `MPO[1600]`). Chips per board from the `PVT_T` arrays (160, 120, 160).
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "AvalonMiner 15-194", nominalPower: Watts(3731), nominalHashrate: .gigahashes(201_920),
            idlePower: Watts(40), chains: 3, chipsPerChain: 160, chipsPerDomain: 1, frequency: 346, voltage: 11_870,
            fans: 2),
        SimulatedModel(
            name: "AvalonMiner 1246-83", nominalPower: Watts(3504), nominalHashrate: .gigahashes(83_923),
            idlePower: Watts(40), chains: 3, chipsPerChain: 120, chipsPerDomain: 1, frequency: 502, voltage: 13_160,
            fans: 4),
        SimulatedModel(
            name: "Avalon Q", nominalPower: Watts(1670), nominalHashrate: .gigahashes(96_786), idlePower: Watts(20),
            chains: 1, chipsPerChain: 160, chipsPerDomain: 1, frequency: 283, voltage: 24_210, fans: 4),
    ]

    /// The highest mode (as every recorded A-series unit ran).
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        Mode.high.setting(for: model)
    }

    /// The CGMiner `Description`.
    static let description = "cgminer 4.11.1"

    let miner: SimulatedMiner
    /// Whether the model is the Avalon Q (home series).
    let isQ: Bool

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
        self.isQ = miner.model.name == "Avalon Q"
    }

    /// No web interface is simulated.
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        HTTPResponse(status: 404)
    }

    /// Answers the CGMiner API (port 4028).
    public func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        let live = miner.reading()
        switch call.command {
        case "version": return version(live)
        case "stats", "estats": return stats(live)
        case "pools": return CGMinerReplies.pools(live, user: "sim.\(miner.hostname)", description: Self.description)
        case "ascset": return ascset(call.parameter ?? "", live: live, at: local)
        default: return CGMinerReplies.invalidCommand(when: live.unixTime, description: Self.description)
        }
    }

    /// The work modes: the `WORKMODE` value per generation and the setting each runs.
    enum Mode: String, CaseIterable {
        case low, normal, high

        /// `WORKMODE[n]` for this mode, `nil` when the generation lacks it.
        func workMode(isQ: Bool) -> Int? {
            switch self {
            case .low: isQ ? 0 : nil
            case .normal: isQ ? 1 : 0
            case .high: isQ ? 2 : 1
            }
        }

        /// The mode of a `WORKMODE` value.
        static func of(workMode: Int, isQ: Bool) -> Mode? {
            allCases.first { $0.workMode(isQ: isQ) == workMode }
        }

        /// Figures of this mode on `model`: high = the model's nominal figures; normal =
        /// 31/37 of the hash rate at 80 % of the power (the A10 manual's 31T normal vs 37T
        /// performance); low = 48 % power and 57 % hash rate (the recorded Q in mode 0:
        /// `MPO[800]`, `GHSmm` 55.0 TH/s).
        func setting(for model: SimulatedModel) -> PowerSetting {
            let (power, rate) =
                switch self {
                case .high: (1.0, 1.0)
                case .normal: (0.8, 31.0 / 37.0)
                case .low: (0.48, 0.57)
                }
            return PowerSetting(
                name: rawValue, power: model.nominalPower * power, hashrate: model.nominalHashrate * rate,
                frequency: (model.frequency * rate).rounded(), voltage: model.voltage)
        }
    }
}
