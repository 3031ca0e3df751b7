import HiveProtocols

extension WhatsminerDriver {
    /// Carries out a command on API v3 and reads it back.
    ///
    /// - `setPowerTarget(w)`: refused outside the model's range; `set.miner.power_limit <w>`,
    ///   then `get.miner.status summary` `power-limit` read back (the miner restarts to apply
    ///   it: `.pending`; the old value: `.notApplied`).
    /// - `sleep` / `wake`: `set.miner.service stop|start`, checked with `get.device.info`
    ///   `miner.working` (and `summary` hashing for wake).
    /// - `reboot`: `set.system.reboot`, `.pending`.
    /// - `locate(on)`: `set.system.led` with a red blink pattern or `"auto"`, only when
    ///   `system.ledstatus` differs; checked with `ledstatus`.
    func applyV3(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .setPowerTarget(let target):
            let info = try await v3.read("get.device.info")
            let summary = WhatsminerV3Reader.summary(try await v3.read("get.miner.status", param: "summary"))
            let limit = WhatsminerV3Reader.powerLimit(summary)
            let control = Self.powerControl(
                limit: limit, asleep: WhatsminerV3Reader.isOff(info),
                model: WhatsminerV3Reader.identity(info: info).model)
            if let refusal = Self.rangeRefusal(target, control: control) { return refusal }
            let watts = Int(target.value.rounded())
            if let limit, Int(limit.value.rounded()) == watts {
                return .verified("power limit \(watts) W", detail: "already set")
            }
            let reply = try await v3.write("set.miner.power_limit", param: .number(Double(watts)))
            if let failure = reply.failure { return failure }
            try await context.sleep(Self.readBackDelay)
            let after = try await readBack {
                WhatsminerV3Reader.powerLimit(
                    WhatsminerV3Reader.summary(try await v3.read("get.miner.status", param: "summary")))
            }
            return Self.powerOutcome(wanted: watts, readBack: after)
        case .sleep, .wake:
            let off = command == .sleep
            let reply = try await v3.write("set.miner.service", param: .string(off ? "stop" : "start"))
            if let failure = reply.failure { return failure }
            try await context.sleep(Self.readBackDelay)
            let info = try await v3.read("get.device.info")
            let hashing =
                off
                ? false
                : (WhatsminerV3Reader.summary(try await v3.read("get.miner.status", param: "summary"))?[
                    "hash-realtime"]?
                    .double ?? 0) > 0
            return Self.serviceOutcome(wantOff: off, off: WhatsminerV3Reader.isOff(info), hashing: hashing)
        case .reboot:
            let reply = try await v3.write("set.system.reboot", param: nil)
            if let failure = reply.failure { return failure }
            return CommandOutcome(result: .pending, detail: "reboot issued", settleSeconds: Self.rebootSettleSeconds)
        case .locate(let on):
            let before = try await v3.read("get.device.info")["msg"]?["system"]?["ledstatus"]?.string
            if let before, (before.lowercased() != "auto") == on {
                return .verified(on ? "locate on" : "locate off", detail: "already \(on ? "on" : "off")")
            }
            let reply = try await v3.write(
                "set.system.led", param: on ? .array([.object(Self.locatePattern)]) : .string("auto"))
            if let failure = reply.failure { return failure }
            let after = try await v3.read("get.device.info")["msg"]?["system"]?["ledstatus"]?.string
            return Self.locateOutcome(wanted: on, ledState: after)
        case .selectPreset, .setMode:
            throw DriverError(.unsupported, "Whatsminer takes a power limit in watts", request: "\(command)")
        }
    }
}
