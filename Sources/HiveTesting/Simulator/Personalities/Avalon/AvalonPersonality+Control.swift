import HiveProtocols

/// `ascset 0,<option>,<setting>`: cgminer's `ASC 0 set OK` (STATUS S, 119), `ASC 0 set info:
/// …` (STATUS I, 118) and `ASC 0 set failed: …` (STATUS E, 120) replies (cgminer `api.c`; the
/// info texts as recorded on the Avalon Q and shown in the Avalon A10 API manual).
extension AvalonPersonality {
    func ascset(_ parameter: String, live: LiveReading, at local: LocalEndpoint) -> [UInt8] {
        let parts = parameter.split(separator: ",", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0] == "0" else { return failed("invalid parameter", live) }
        let setting = parts.count > 2 ? parts[2] : ""
        switch parts[1] {
        case "workmode":
            return workMode(setting, live: live, at: local)
        case "softoff", "softon":
            let off = parts[1] == "softoff"
            guard let time = setting.split(separator: ":").last.flatMap({ Int($0) }) else {
                return failed("invalid \(parts[1]) time", live)
            }
            miner.record(off ? .sleep : .wake, "ascset \(parts[1])", address: local.address)
            miner.setAsleep(
                off, delay: off ? miner.timing.sleep : miner.timing.wake, shows: off ? .sleeping : .starting)
            return info("success \(parts[1]):\(time)", live)
        case "led" where !isQ:
            switch setting {
            case "1-255": return info("LED[\(live.locate ? 1 : 0)]", live)
            case "1-1", "1-0":
                let on = setting == "1-1"
                miner.record(.locate(on), "ascset led \(setting)", address: local.address)
                miner.setLocate(on)
                return ok(live)
            default: return failed("invalid LED status", live)
            }
        case "reboot":
            miner.record(.reboot, "ascset reboot", address: local.address)
            miner.reboot(keepsSleep: false)
            return ok(live)
        default:
            return failed("Unknown option: \(parts[1])", live)
        }
    }

    /// Sets a work mode: read back at once, in effect after the change delay.
    private func workMode(_ setting: String, live: LiveReading, at local: LocalEndpoint) -> [UInt8] {
        guard let value = Int(setting) else { return failed("invalid workmode", live) }
        if value == 255 {
            let current = Mode(rawValue: live.configured.name)?.workMode(isQ: isQ) ?? 0
            return info("WORKMODE[\(current)]", live)
        }
        guard let mode = Mode.of(workMode: value, isQ: isQ), let kind = PowerMode.Kind(rawValue: mode.rawValue) else {
            return failed("invalid workmode \(value)", live)
        }
        miner.record(.setMode(kind), "ascset workmode \(value)", address: local.address)
        miner.configure(mode.setting(for: miner.model), delay: miner.timing.change, shows: .starting)
        return isQ ? ok(live) : info("WORKMODE[\(value)]", live)
    }

    private func ok(_ live: LiveReading) -> [UInt8] {
        reply("S", code: 119, "ASC 0 set OK", live)
    }

    private func info(_ text: String, _ live: LiveReading) -> [UInt8] {
        reply("I", code: 118, "ASC 0 set info: \(text)", live)
    }

    private func failed(_ text: String, _ live: LiveReading) -> [UInt8] {
        reply("E", code: 120, "ASC 0 set failed: \(text)", live)
    }

    private func reply(_ kind: String, code: Int, _ message: String, _ live: LiveReading) -> [UInt8] {
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
}
