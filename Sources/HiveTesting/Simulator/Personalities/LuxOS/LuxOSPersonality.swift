public import HiveProtocols

/// LuxOS (LUXminer 2025.4.8) on an Antminer S19k Pro: the CGMiner-compatible API on port 4028,
/// reads and session-guarded writes, with LUXminer's behaviour:
///
/// - **Reads** in the shapes of `firmware-samples/luxos/v1/*` (see each template), filled with
///   the miner's live values: `version` (with the `LUXminer` marker), `config` (profile,
///   `CurtailMode`, `IsAtmEnabled`, `RedLed`), `summary`, `stats`, `devs` (`IsRamping` while a
///   change is in progress), `pools`, `power`, `temps`, `fans`, `profiles`, and per board
///   `healthchipget` (77 chips; none while curtailed) and `voltageget`.
/// - **Sessions** (``LuxOSSessions``): `logon` issues the one session (code 402 "Another session
///   is active" while one lives), `session` names it, `logoff` ends it; it expires after a
///   minute without use and with a reboot. A privileged command whose first parameter is not
///   the live session is refused with "Invalid session id".
/// - **Writes**: `profileset` (the boards ramp to the profile over ``timing`` `change`, devs
///   `IsRamping` meanwhile), `atmset enabled=true|false`, `curtail sleep|wakeup` (sleep in
///   seconds, wake ramps; the curtail state survives a reboot), `rebootdevice`, `ledset
///   red,blink|on|off|auto`. Each is recorded in the ground truth; `profileset` records whether
///   ATM was on at that moment.
/// - No web interface is simulated (port 80 stays closed); commands it does not model answer
///   CGMiner's "Invalid command", and `a+b` joined reads work as in CGMiner.
///
/// Write replies have no recording: their shapes follow the LuxOS API documentation
/// (docs.luxor.tech/firmware/api, the pages each template names).
public struct LuxOSPersonality: MinerPersonality {
    /// `luxos`.
    public static let id: DriverID = "luxos"
    /// CGMiner API on 4028.
    public static let ports = [ServedPort(4028, .cgminer)]
    /// LUXminer's API takes no password (sessions coordinate writers, they do not
    /// authenticate); these are LuxOS's web login defaults, unused by the API.
    public static let defaultCredentials = Credentials(username: "root", password: "root")
    /// Sleep in seconds (LuxOS: under five), a profile ramp and a wake-up in tens of seconds,
    /// a reboot in two minutes.
    public static let timing = ControlTiming(
        change: .seconds(30), sleep: .seconds(5), wake: .seconds(60), retune: .seconds(30), reboot: .seconds(120))
    /// The LUXminer version served.
    public static let firmwareVersion = "2025.4.8.220305-57b389c7"
    /// How long a session lives without use.
    public static let sessionIdleLifetime: Duration = .seconds(60)

    /// The Antminer S19k Pro of the recording: nameplate power and hash rate from its
    /// `default` profile (2794 W, 121.8 TH/s, 590 MHz, 13.5 V), 77 chips per board, 4 fans; it
    /// draws about 25 W asleep (Hashrate Index, research/ecosystem.md S13).
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "Antminer S19k Pro", nominalPower: Watts(2794), nominalHashrate: .terahashes(121.8),
            idlePower: Watts(25), chipsPerChain: 77, chipsPerDomain: 7, frequency: 590, voltage: 13_500)
    ]

    /// `default`, the profile a fresh LuxOS install runs.
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        let ladder = LuxOSProfileLadder.s19kPro
        return ladder.profile("default").map(ladder.setting) ?? .stock(model, name: "default")
    }

    let miner: SimulatedMiner
    let ladder: LuxOSProfileLadder
    let sessions: LuxOSSessions

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
        self.ladder = .s19kPro
        self.sessions = LuxOSSessions(
            seed: SeededNoise.hash(miner.seed, 0x1_0C05), idleLifetime: Self.sessionIdleLifetime)
    }

    /// No web interface is simulated.
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        HTTPResponse(status: 404)
    }

    /// The CGMiner API: reads, session commands and privileged writes.
    public func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        let live = miner.reading()
        return CGMinerReplies.dispatch(call, when: live.unixTime, description: Self.description) { command, parameter in
            read(command, parameter, live: live, at: local) ?? write(command, parameter, live: live, at: local)
        }
    }

    /// The `Description` in `STATUS` entries.
    static let description = "LUXminer \(firmwareVersion)"

    /// `{"STATUS":[…],"<section>":[…],"id":1}`.
    func reply(_ section: String, _ items: [WireJSON], code: Int, message: String, _ live: LiveReading) -> [UInt8] {
        CGMinerReplies.reply(
            section: section, items, code: code, message: message, when: live.unixTime, description: Self.description)
    }

    /// A reply with only a `STATUS` entry (`S` or `E`).
    func status(_ kind: String, code: Int, message: String, _ live: LiveReading) -> [UInt8] {
        WireJSON.object([
            (
                "STATUS",
                [
                    CGMinerReplies.status(
                        kind, code: code, message: message, when: live.unixTime, description: Self.description)
                ]
            ),
            ("id", 1),
        ]).bytes
    }

    /// The clock time and boot count (sessions die with a reboot).
    var now: (time: Duration, boot: Int) { miner.withState { state, now in (now, state.bootCount) } }
}
