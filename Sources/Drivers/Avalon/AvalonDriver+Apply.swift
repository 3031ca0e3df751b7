import HiveProtocols

extension AvalonDriver {
    /// Wait between a write and its read-back: past the 5 s lead of a soft power command.
    static let readBackDelay: Duration = .seconds(10)
    /// Seconds after the miner's `When` at which `softoff` / `softon` is scheduled (asic-rs
    /// schedules the same lead; the recorded Avalon Q echoed `When` + 5).
    static let softPowerLead = 5
    /// Seconds until a scheduled soft power-off has taken the hash boards down.
    static let sleepSettleSeconds = 60
    /// Seconds until woken hash boards hash again.
    static let wakeSettleSeconds = 300

    /// Carries out one command (capabilities already checked).
    func perform(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .setMode(let kind): try await setMode(kind)
        case .sleep: try await softPower(off: true)
        case .wake: try await softPower(off: false)
        case .locate(let on): try await locate(on)
        case .reboot: try await reboot()
        case .setPowerTarget, .selectPreset:
            throw DriverError(.unsupported, "\(command) is not supported by Avalon")
        }
    }

    /// `ascset 0,workmode,<n>`, read back as `WORKMODE[n]`; nothing is sent when the miner
    /// already runs the mode or has no such mode.
    func setMode(_ kind: PowerMode.Kind) async throws -> CommandOutcome {
        guard let value = family.workMode(kind) else {
            let names = family.modes.map(\.kind.rawValue).joined(separator: ", ")
            return CommandOutcome(
                result: .rejected, detail: "this Avalon has no \(kind.rawValue) mode (it has \(names))")
        }
        let before = try await readStats()
        if before.workMode == value { return .verified("mode \(kind.rawValue)") }
        if let refusal = Self.refusal(try await ascset("0,workmode,\(value)")) { return refusal }
        try await context.sleep(Self.readBackDelay)
        let after = try await readStats()
        let words = family.kind(workMode: after.workMode).map { "mode \($0.rawValue)" }
        guard after.workMode == value else {
            let reported = after.workMode.map(String.init) ?? "?"
            return CommandOutcome(
                result: .notApplied, readBack: words,
                detail: "the miner acknowledged work mode \(value) but reports WORKMODE[\(reported)]")
        }
        guard family.modeChangeNeedsReboot else { return .verified(words) }
        return CommandOutcome(
            result: .pending, readBack: words, detail: "the firmware applies a work-mode change at the next reboot",
            settleSeconds: Self.rebootSettleSeconds)
    }

    /// `ascset 0,softoff,1:<t>` or `softon,1:<t>` (`t` on the miner's clock), read back from
    /// `stats`. `softon` may close the connection without replying: that is expected.
    func softPower(off: Bool) async throws -> CommandOutcome {
        let before = try await readStats()
        if off && before.isAsleep { return .verified("asleep") }
        if !off && before.isWorking { return .verified("mining") }
        guard let when = before.when else {
            throw DriverError(.unexpectedResponse, "stats carries no STATUS When to schedule the power change on")
        }
        let at = when + Self.softPowerLead
        let reply = try await ascset("0,\(off ? "softoff" : "softon"),1:\(at)", allowsEmptyReply: !off)
        if let refusal = Self.refusal(reply) { return refusal }
        try await context.sleep(Self.readBackDelay)
        let after = try await readStats()
        if off {
            if after.isAsleep { return .verified("asleep") }
            return CommandOutcome(
                result: .pending, readBack: after.isWorking ? "mining" : after.work,
                detail: "soft power-off scheduled at \(at) on the miner's clock", settleSeconds: Self.sleepSettleSeconds
            )
        }
        if after.isWorking { return .verified("mining") }
        if after.isAsleep {
            return CommandOutcome(
                result: .notApplied, readBack: "asleep", detail: "the miner still reports its soft power-off")
        }
        return CommandOutcome(
            result: .pending, readBack: after.work, detail: "soft power-on accepted; the hash boards are starting",
            settleSeconds: Self.wakeSettleSeconds)
    }

    /// `ascset 0,led,1-1` / `1-0`, read back with the query `ascset 0,led,1-255` (answered
    /// `ASC 0 set info: LED[n]`, A10 manual §2.3).
    func locate(_ on: Bool) async throws -> CommandOutcome {
        if let refusal = Self.refusal(try await ascset("0,led,1-\(on ? 1 : 0)")) { return refusal }
        let query = try await ascset("0,led,1-255")
        let state = Self.message(query).flatMap { Self.bracketed("LED", in: $0) }.flatMap { Int($0) }
        guard let state else {
            return CommandOutcome(result: .notApplied, detail: "the miner reports no LED state")
        }
        let words = state != 0 ? "locate on" : "locate off"
        return (state != 0) == on ? .verified(words) : CommandOutcome(result: .notApplied, readBack: words)
    }

    /// `ascset 0,reboot,0` (A10 manual §2.2); the miner may drop the connection as it goes down.
    func reboot() async throws -> CommandOutcome {
        if let refusal = Self.refusal(try await ascset("0,reboot,0", allowsEmptyReply: true)) { return refusal }
        return CommandOutcome(
            result: .pending, detail: "the miner is rebooting", settleSeconds: Self.rebootSettleSeconds)
    }

    /// The value of `name[…]` at the end of a status message (`ASC 0 set info: LED[1]` → `1`).
    static func bracketed(_ name: String, in message: String) -> String? {
        BracketedKeyValues.parse(message).first { $0.key == name || $0.key.hasSuffix(" \(name)") }?.value
    }

    /// A rejected outcome for an `E` reply (`ASC 0 set failed: …`); `nil` otherwise.
    static func refusal(_ reply: JSONValue) -> CommandOutcome? {
        guard statusKind(reply) == "E" else { return nil }
        return CommandOutcome(result: .rejected, detail: message(reply) ?? "the miner refused the command")
    }
}
