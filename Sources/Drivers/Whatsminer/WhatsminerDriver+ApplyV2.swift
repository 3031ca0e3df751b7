import HiveProtocols

extension WhatsminerDriver {
    /// Carries out a command on API v2 and reads it back.
    ///
    /// - `setPowerTarget(w)`: refused outside the model's range; `adjust_power_limit
    ///   {"power_limit":"<w>"}`, then `status` `power_limit_set` (or `summary` `Power Limit`)
    ///   read back: the new limit gives `.pending` (the miner restarts to apply it), the old
    ///   one `.notApplied`, no answer `.pending`.
    /// - `sleep` / `wake`: `power_off {"respbefore":"true"}` / `power_on`, checked with
    ///   `status` `mineroff` (and `summary` hashing for wake).
    /// - `reboot`: `reboot`, `.pending`.
    /// - `locate(on)`: `set_led` with a red blink pattern, or `{"param":"auto"}` to turn it off,
    ///   only when `get_miner_info` `ledstat` differs; checked with `ledstat`.
    ///
    /// A write the miner refuses because write access is disabled reports that device setting.
    func applyV2(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .setPowerTarget(let target):
            let summary = try await v2.read("summary")
            let status = try await v2.read("status")
            let limit = WhatsminerV2Reader.powerLimit(summary: summary, status: status)
            let control = Self.powerControl(
                limit: limit, asleep: WhatsminerV2Reader.isOff(status), model: context.match?.model)
            if let refusal = Self.rangeRefusal(target, control: control) { return refusal }
            let watts = Int(target.value.rounded())
            if let limit, Int(limit.value.rounded()) == watts {
                return .verified("power limit \(watts) W", detail: "already set")
            }
            let reply = try await v2.write("adjust_power_limit", ["power_limit": .string("\(watts)")])
            if let failure = reply.failure { return failure }
            try await context.sleep(Self.readBackDelay)
            let after = try await readBack { () -> Watts? in
                let status = try await v2.read("status")
                if let set = status["Msg"]?["power_limit_set"]?.double { return Watts.finite(set) }
                return WhatsminerV2Reader.powerLimit(summary: try await v2.read("summary"), status: status)
            }
            return Self.powerOutcome(wanted: watts, readBack: after)
        case .sleep, .wake:
            let off = command == .sleep
            let reply = try await v2.write(off ? "power_off" : "power_on", off ? ["respbefore": "true"] : [:])
            if let failure = reply.failure { return failure }
            try await context.sleep(Self.readBackDelay)
            let status = try await v2.read("status")
            let hashing = off ? false : ((try await v2.read("summary"))["SUMMARY"]?[0]?["HS RT"]?.double ?? 0) > 0
            return Self.serviceOutcome(wantOff: off, off: WhatsminerV2Reader.isOff(status), hashing: hashing)
        case .reboot:
            let reply = try await v2.write("reboot", allowsEmptyReply: true)
            if let failure = reply.failure { return failure }
            return CommandOutcome(result: .pending, detail: "reboot issued", settleSeconds: Self.rebootSettleSeconds)
        case .locate(let on):
            let before = try await v2.read("get_miner_info")["Msg"]?["ledstat"]?.string
            if let before, (before.lowercased() != "auto") == on {
                return .verified(on ? "locate on" : "locate off", detail: "already \(on ? "on" : "off")")
            }
            let reply = try await v2.write("set_led", on ? Self.locatePattern : ["param": "auto"])
            if let failure = reply.failure { return failure }
            let after = try await v2.read("get_miner_info")["Msg"]?["ledstat"]?.string
            return Self.locateOutcome(wanted: on, ledState: after)
        case .selectPreset, .setMode:
            throw DriverError(.unsupported, "Whatsminer takes a power limit in watts", request: "\(command)")
        }
    }
}
