import Foundation
public import HiveProtocols

/// Whatsminer stock firmware (btminer) on MicroBT hardware: API v2 on port 4028 and, on
/// firmware from late 2024, API v3 on port 4433.
///
/// - **Generations by model**: the M50S runs firmware 20230803.11.REL (API 2.0.5: reads and
///   encrypted privileged writes on 4028, nothing on 4433); the M60S runs 20251209.16.Rel2
///   (API 3.0.2 on 4433 with salted-token writes; 4028 still answers reads and `get_version`,
///   as both public libraries rely on, but refuses `get_token`).
/// - **v2 writes for real**: `get_token` issues a salt, a new salt and a time (valid 30 minutes
///   of clock time); a privileged request `{"enc":1,"data":…}` is decrypted with the key
///   derived from the miner's password and accepted only when its `token` is the sign of a
///   token still valid; the reply is encrypted the same way. Otherwise code 135 "check token
///   error", in clear.
/// - **v3 writes for real**: `account` `super` with the miner's password (`super` while the
///   credentials are the factory `admin`/`admin`), `token` checked against the salt and `ts`;
///   otherwise code -1.
/// - **Power**: the setting is the power limit; a change restarts mining (the new figures
///   after ``timing`` `change`, meanwhile "starting"); above the model's standard power it is
///   refused. Sleep is `power_off` / `set.miner.service stop`, wake `power_on` / `start`.
/// - The `auth` fault makes the miner check tokens against another password. The simulated
///   units have API write access enabled (the write-disabled refusal is covered by fixtures).
///
/// Reply shapes follow `firmware-samples/whatsminer/{v2,v3}/*` (see each template).
public struct WhatsminerPersonality: MinerPersonality {
    /// `whatsminer`.
    public static let id: DriverID = "whatsminer"
    /// CGMiner-style API on 4028, length-prefixed API v3 on 4433.
    public static let ports = [ServedPort(4028, .cgminer), ServedPort(4433, .cgminerLengthPrefixed)]
    /// The factory admin password.
    public static let defaultCredentials = Credentials(username: "admin", password: "admin")
    /// A power-limit change restarts mining (5 minutes here), sleep is quick, wake slow.
    public static let timing = ControlTiming(
        change: .seconds(300), sleep: .seconds(10), wake: .seconds(120), retune: .seconds(300), reboot: .seconds(120))
    /// How long a v2 token stays valid.
    public static let tokenLifetime: Duration = .seconds(1800)

    /// M50S (API v2 firmware) and M60S (API v3 firmware), with MicroBT's published standard
    /// power and hash rate; chips per board from the samples (135 and 75).
    public static let models: [SimulatedModel] = [
        SimulatedModel(
            name: "Whatsminer M50S", nominalPower: Watts(3276), nominalHashrate: .terahashes(126), idlePower: Watts(30),
            chipsPerChain: 135, chipsPerDomain: 1, frequency: 600, voltage: 13_300, fans: 2),
        SimulatedModel(
            name: "Whatsminer M60S", nominalPower: Watts(3441), nominalHashrate: .terahashes(186), idlePower: Watts(30),
            chipsPerChain: 75, chipsPerDomain: 1, frequency: 625, voltage: 13_500, fans: 2),
    ]

    /// The limit at the model's standard power.
    public static func initialSetting(for model: SimulatedModel) -> PowerSetting {
        setting(limit: Int(model.nominalPower.value), model: model)
    }

    /// Running under a power limit of `limit` watts: power is the limit (at most the standard
    /// power); hash rate and clock follow (limit/standard)^0.8, a simulation choice.
    public static func setting(limit: Int, model: SimulatedModel) -> PowerSetting {
        let fraction = min(1, max(0, Double(limit) / model.nominalPower.value))
        let scale = Foundation.pow(fraction, 0.8)
        return PowerSetting(
            name: "\(limit)", power: model.nominalPower * fraction, hashrate: model.nominalHashrate * scale,
            frequency: (model.frequency * scale).rounded(), voltage: model.voltage)
    }

    /// Firmware facts per generation.
    struct Firmware: Sendable {
        var version: String
        var api: String
        var isV3: Bool
        var boardSuffix: String
    }

    let miner: SimulatedMiner
    let firmware: Firmware
    let tokens: WhatsminerTokens
    /// The v3 salt (`get.device.info`).
    let salt: String

    /// Creates the personality serving `miner`.
    public init(miner: SimulatedMiner) {
        self.miner = miner
        let v3 = miner.model.name.hasSuffix("M60S")
        self.firmware =
            v3
            ? Firmware(version: "20251209.16.Rel2", api: "3.0.2", isV3: true, boardSuffix: "VK40")
            : Firmware(version: "20230803.11.REL", api: "2.0.5", isV3: false, boardSuffix: "VH40")
        self.tokens = WhatsminerTokens(seed: SeededNoise.hash(miner.seed, 0x7707), lifetime: Self.tokenLifetime)
        self.salt = WhatsminerTokens.saltText(SeededNoise.hash(miner.seed, 0x5A17))
    }

    /// The firmware type, e.g. `M60S_VK40`.
    var typeName: String {
        (miner.model.name.split(separator: " ").last.map(String.init) ?? "M") + "_" + firmware.boardSuffix
    }

    /// The password writes are checked against (another one under the `auth` fault).
    var adminPassword: String {
        miner.rejectsCredentials ? "not-" + miner.credentials.password.value : miner.credentials.password.value
    }

    /// The v3 `super` account's password: `super` while the credentials are the factory ones.
    var superPassword: String {
        let factory = miner.credentials == Self.defaultCredentials
        let password = factory ? "super" : miner.credentials.password.value
        return miner.rejectsCredentials ? "not-" + password : password
    }

    /// No web interface is simulated.
    public func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse {
        HTTPResponse(status: 404)
    }

    /// API v3 on 4433 (v3 firmware only), API v2 on 4028.
    public func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8] {
        if local.port == 4433 { return firmware.isV3 ? v3(call, at: local) : [] }
        return v2(call, at: local)
    }
}
