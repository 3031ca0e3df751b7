import HiveProtocols

/// Sessions and privileged writes. Reply shapes follow docs.luxor.tech/firmware/api (`logon`,
/// `session`, `atmset`, `profileset`, `curtail` pages); `logoff`, `rebootdevice` and `ledset`
/// answer a plain success `STATUS` (their documented replies were not available).
extension LuxOSPersonality {
    func write(_ command: String, _ parameter: String?, live: LiveReading, at local: LocalEndpoint) -> [UInt8]? {
        if command == "logon" {
            guard let id = sessions.logon(now: now.time, boot: now.boot) else {
                return status("E", code: 402, message: "Another session is active", live)
            }
            return reply("SESSION", [["SessionID": .string(id)]], code: 316, message: "Session created", live)
        }
        let privileged: Set<String> = ["logoff", "atmset", "profileset", "curtail", "rebootdevice", "ledset"]
        guard privileged.contains(command) else { return nil }
        let arguments = parameter?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) ?? []
        guard let id = arguments.first, sessions.use(id, now: now.time, boot: now.boot) else {
            return status("E", code: 403, message: "Invalid session id", live)
        }
        return run(command, Array(arguments.dropFirst()), session: id, live: live, at: local)
    }

    private func run(
        _ command: String, _ arguments: [String], session: String, live: LiveReading, at local: LocalEndpoint
    ) -> [UInt8] {
        let address = local.address
        switch (command, arguments.first) {
        case ("logoff", _):
            sessions.logoff(session)
            return status("S", code: 317, message: "Session closed", live)
        case ("atmset", let setting?) where setting.hasPrefix("enabled="):
            guard let enabled = Bool(String(setting.dropFirst("enabled=".count))) else {
                return status("E", code: 341, message: "Invalid ATM value", live)
            }
            miner.record(nil, "atmset enabled=\(enabled)", address: address)
            sessions.atmEnabled = enabled
            return status("S", code: 340, message: "ATM configuration updated", live)
        case ("profileset", let name?):
            guard let profile = ladder.profile(name) else {
                return status("E", code: 322, message: "Invalid profile", live)
            }
            let atm = sessions.atmEnabled ? "on" : "off"
            miner.record(.selectPreset(name), "profileset \(name) (ATM \(atm))", address: address)
            let setting = ladder.setting(profile)
            if setting != live.configured { miner.configure(setting, delay: miner.timing.change, shows: .tuning) }
            let applied: WireJSON = ["Board": 0, "FrequencyStep": 5, "Profile": .string(name), "VoltageStep": 0.05]
            return reply("PROFILE", [applied], code: 321, message: "Profile Set", live)
        case ("curtail", "sleep"), ("curtail", "wakeup"):
            let sleep = arguments.first == "sleep"
            miner.record(sleep ? .sleep : .wake, "curtail \(sleep ? "sleep" : "wakeup")", address: address)
            miner.setAsleep(
                sleep, delay: sleep ? miner.timing.sleep : miner.timing.wake, shows: sleep ? .sleeping : .starting)
            return reply(
                "CURTAIL", [["Action": sleep ? "sleep mode" : "wake up"]], code: 335,
                message: "Curtailment command sent", live)
        case ("rebootdevice", nil):
            miner.record(.reboot, "rebootdevice", address: address)
            let answer = status("S", code: 306, message: "Device reboot scheduled", live)
            miner.reboot(keepsSleep: true)
            return answer
        case ("ledset", "red"):
            let mode = arguments.count > 1 ? arguments[1] : ""
            guard ["blink", "on", "off", "auto"].contains(mode) else {
                return status("E", code: 337, message: "Invalid LED state", live)
            }
            let on = mode == "blink" || mode == "on"
            miner.record(.locate(on), "ledset red,\(mode)", address: address)
            miner.setLocate(on)
            return status("S", code: 336, message: "LED state set", live)
        default:
            return status("E", code: 14, message: "Invalid command parameters", live)
        }
    }
}
