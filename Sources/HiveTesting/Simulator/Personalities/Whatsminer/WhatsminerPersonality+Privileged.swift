import Foundation
import HiveProtocols

/// API v2 privileged commands: `{"enc":1,"data":…}` decrypted with a valid token's key.
extension WhatsminerPersonality {
    /// Finds the token whose key decrypts `data` into a command carrying that token's sign,
    /// runs the command and answers `{"enc":…}`; code 135 in clear otherwise.
    func privileged(_ request: JSONValue, live: LiveReading, at local: LocalEndpoint) -> [UInt8] {
        guard !firmware.isV3 else { return CGMinerReplies.invalidCommand(when: live.unixTime, description: "") }
        guard let data = request["data"]?.string, let sealed = Data(base64Encoded: data) else {
            return Self.error(137, "base64 decode error", when: live.unixTime)
        }
        let now = miner.withState { _, now in now }
        for token in tokens.valid(now: now) {
            let key = WhatsminerCrypto.md5CryptHash(adminPassword, salt: token.salt)
            guard let cipher = WhatsminerAES(key: WhatsminerCrypto.sha256(key)),
                let plain = cipher.decrypt(Array(sealed)), let command = try? TolerantJSONReader.parse(plain),
                command["token"]?.string == WhatsminerCrypto.md5CryptHash(key + token.time, salt: token.newSalt)
            else { continue }
            let reply = run(command, live: live, at: local)
            let encoded = Data(cipher.encrypt(reply)).base64EncodedString()
            return WireJSON.object([("enc", .string(encoded))]).bytes
        }
        return Self.error(135, "check token error", when: live.unixTime)
    }

    /// Carries out a decrypted privileged command; the plaintext reply.
    private func run(_ command: JSONValue, live: LiveReading, at local: LocalEndpoint) -> [UInt8] {
        let name = (command["cmd"] ?? command["command"])?.string ?? ""
        let ok = WireJSON.object([
            ("STATUS", "S"), ("When", .int(live.unixTime)), ("Code", 131), ("Msg", ""), ("Description", ""),
        ]).bytes
        switch name {
        case "adjust_power_limit":
            guard let watts = command["power_limit"]?.int, watts > 0 else {
                return Self.error(14, "invalid power_limit", when: live.unixTime)
            }
            guard Double(watts) <= miner.model.nominalPower.value else {
                return Self.error(132, "power limit exceeds the standard power", when: live.unixTime)
            }
            miner.record(.setPowerTarget(Watts(Double(watts))), "adjust_power_limit \(watts)", address: local.address)
            miner.configure(
                Self.setting(limit: watts, model: miner.model), delay: miner.timing.change, shows: .starting)
            return ok
        case "power_off":
            miner.record(.sleep, "power_off", address: local.address)
            miner.setAsleep(true, delay: miner.timing.sleep, shows: .sleeping)
            return ok
        case "power_on":
            miner.record(.wake, "power_on", address: local.address)
            miner.setAsleep(false, delay: miner.timing.wake, shows: .starting)
            return ok
        case "reboot":
            miner.record(.reboot, "reboot", address: local.address)
            miner.reboot(keepsSleep: true)
            return ok
        case "set_led":
            let on = command["param"]?.string != "auto"
            miner.record(.locate(on), "set_led \(on ? "pattern" : "auto")", address: local.address)
            miner.setLocate(on)
            return ok
        default:
            return Self.error(14, "invalid cmd", when: live.unixTime)
        }
    }
}
