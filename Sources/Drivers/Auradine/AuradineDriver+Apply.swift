import HiveProtocols

extension AuradineDriver {
    /// How long to wait between a write and its read-back (through the injected `context.sleep`).
    static let readBackDelay: Duration = .seconds(2)
    /// Seconds a reboot takes before the APIs answer again.
    static let rebootSeconds = 240
    /// The `led` code that lights the locate pattern; `2` is the normal pattern (FluxOS LED codes,
    /// as pyasic and asic-rs use them).
    static let locateCode = 3
    /// The normal LED code.
    static let normalCode = 2

    /// Carries out one command on the web API and reads it back.
    ///
    /// - `setPowerTarget(w)`: outside ``AuradineReader/bounds(mode:psu:)`` → `.rejected` without a
    ///   write; else `mode {"mode":"custom","tune":"power","power":w}`, verified when `GET /mode`
    ///   shows mode `custom` with `Power` `w`.
    /// - `sleep` / `wake`: `mode {"sleep":"on"|"off"}`, verified by `Mode.Sleep`.
    /// - `locate(on)`: `led {"code":3|2}`, verified by `LED.Code`.
    /// - `reboot`: `restart`, `.pending`.
    func perform(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .setPowerTarget(let target):
            if let bounds = AuradineReader.bounds(mode: try await web.get("mode"), psu: try await web.get("psu")),
                target < bounds.min || target > bounds.max
            {
                return CommandOutcome(
                    result: .rejected, detail: "\(target) is outside the range \(bounds.min)–\(bounds.max)")
            }
            let watts = Int(target.value.rounded())
            let parameters: [String: JSONValue] = [
                "mode": "custom", "tune": "power", "power": .number(Double(watts)),
            ]
            if let refusal = try await write("mode", parameters) { return refusal }
            try await context.sleep(Self.readBackDelay)
            let current = AuradineReader.powerTarget(try await web.get("mode"))
            let readBack = current.map { "power target \($0)" }
            guard let current, Int(current.value.rounded()) == watts else {
                return CommandOutcome(
                    result: .notApplied, readBack: readBack,
                    detail: "miner acknowledged \(watts) W but reports \(readBack ?? "no custom power target")")
            }
            return .verified(readBack)
        case .sleep, .wake:
            let asleep = command == .sleep
            if let refusal = try await write("mode", ["sleep": .string(asleep ? "on" : "off")]) { return refusal }
            try await context.sleep(Self.readBackDelay)
            let mode = try await web.get("mode")
            let readBack = AuradineReader.text(AuradineReader.mode(mode)?["Sleep"]).map { "sleep \($0)" }
            return AuradineReader.isAsleep(mode) == asleep
                ? .verified(readBack) : CommandOutcome(result: .notApplied, readBack: readBack)
        case .locate(let on):
            if let refusal = try await write("led", ["code": .number(Double(on ? Self.locateCode : Self.normalCode))]) {
                return refusal
            }
            try await context.sleep(Self.readBackDelay)
            let code = try await web.get("led")["LED"]?[0]?["Code"]?.int
            let readBack = code.map { "LED code \($0)" }
            return (code == Self.locateCode) == on
                ? .verified(readBack) : CommandOutcome(result: .notApplied, readBack: readBack)
        case .reboot:
            if let refusal = try await write("restart", [:]) { return refusal }
            return CommandOutcome(result: .pending, detail: "reboot issued", settleSeconds: Self.rebootSeconds)
        case .selectPreset, .setMode:
            throw DriverError(.unsupported, "Auradine FluxOS is driven by a power target, not presets or modes")
        }
    }

    /// Sends a write; the refusal as an outcome, `nil` when accepted.
    func write(_ command: String, _ parameters: [String: JSONValue]) async throws -> CommandOutcome? {
        switch try await web.post(command, parameters) {
        case .accepted: return nil
        case .refused(let reason):
            return CommandOutcome(result: .rejected, detail: "FluxOS refused \(command): \(reason)")
        }
    }
}
