import HiveProtocols

extension EPICDriver {
    /// How long to wait between a write and its read-back (through the injected `context.sleep`).
    static let readBackDelay: Duration = .seconds(2)
    /// Seconds a reboot takes before the API answers again.
    static let rebootSeconds = 180
    /// Seconds stopping the miner takes.
    static let stopSeconds = 30
    /// Seconds starting the miner takes before it hashes.
    static let startSeconds = 180

    /// Carries out one command and reads it back from `/summary`.
    ///
    /// - `setPowerTarget(w)`: the power algorithm and its range from `/capabilities` (none →
    ///   `.unsupported`; outside the range → `.rejected` without a write), the throttle settings
    ///   the tuner already has for it from `/summary`, then `perpetualtune/algo`; verified when
    ///   the tuner runs that algorithm with target `w`, `.pending` while the miner is still
    ///   starting or tuning.
    /// - `sleep` / `wake`: `miner` `Stop` / `Autostart`, verified by `Operating State`
    ///   (`Idling` / `Mining`; `.pending` while stopping or starting).
    /// - `reboot`: `reboot` with no delay, `.pending`.
    /// - `locate(on)`: `identify`, verified by `Misc.Locate Miner State`.
    func perform(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .setPowerTarget(let target):
            return try await setPowerTarget(target)
        case .sleep:
            if let refusal = try await write("/miner", param: "Stop") { return refusal }
            return Self.stateOutcome(try await readBack(), wantsMining: false)
        case .wake:
            if let refusal = try await write("/miner", param: "Autostart") { return refusal }
            return Self.stateOutcome(try await readBack(), wantsMining: true)
        case .reboot:
            if let refusal = try await write("/reboot", param: 0) { return refusal }
            return CommandOutcome(result: .pending, detail: "reboot issued", settleSeconds: Self.rebootSeconds)
        case .locate(let on):
            if let refusal = try await write("/identify", param: .bool(on)) { return refusal }
            let after = try await readBack()["Misc"]?["Locate Miner State"]?.bool
            let readBack = after.map { "locate \($0 ? "on" : "off")" }
            return after == on ? .verified(readBack) : CommandOutcome(result: .notApplied, readBack: readBack)
        case .selectPreset, .setMode:
            throw DriverError(.unsupported, "ePIC UMC has a continuous power target, not presets or modes")
        }
    }

    /// `perpetualtune/algo` with the power algorithm, then the tuner's target read back.
    func setPowerTarget(_ target: Watts) async throws -> CommandOutcome {
        guard let algorithm = EPICReader.powerAlgorithm(try await client.get("/capabilities")) else {
            throw DriverError(
                .unsupported, "this ePIC firmware offers no power algorithm (only hash-rate targets)")
        }
        guard target >= algorithm.min, target <= algorithm.max else {
            return CommandOutcome(
                result: .rejected,
                detail: "\(target) is outside \(algorithm.name)'s range \(algorithm.min)–\(algorithm.max)")
        }
        let watts = Int(target.value.rounded())
        var param: [String: JSONValue] = ["algo": .string(algorithm.name), "target": .number(Double(watts))]
        if let current = EPICReader.powerStats(try await client.get("/summary")), current.name == algorithm.name {
            if let floor = current.stats["Min Throttle Target"]?.int { param["min_throttle"] = .number(Double(floor)) }
            if let step = current.stats["Throttle Step"]?.int { param["throttle_step"] = .number(Double(step)) }
        }
        if let refusal = try await write("/perpetualtune/algo", param: .object(param)) { return refusal }
        let summary = try await readBack()
        let running = summary["PerpetualTune"]?["Running"]?.bool == true
        let stats = EPICReader.powerStats(summary)
        let current = stats?.name == algorithm.name ? stats?.stats["Target"]?.int : nil
        let readBack = current.map { "\(algorithm.name) target \($0) W" + (running ? "" : " (tuner stopped)") }
        guard running, current == watts else {
            return CommandOutcome(
                result: .notApplied, readBack: readBack,
                detail: "miner acknowledged \(watts) W but its tuner reports \(readBack ?? "no power target")")
        }
        switch EPICReader.state(EPICReader.operatingState(summary)) {
        case .starting, .tuning:
            return CommandOutcome(
                result: .pending, readBack: readBack, detail: "the miner is still starting or tuning",
                settleSeconds: EPICReader.settleSeconds)
        default:
            return .verified(readBack)
        }
    }

    /// Sends a write; the refusal as an outcome, `nil` when accepted.
    func write(_ path: String, param: JSONValue) async throws -> CommandOutcome? {
        switch try await client.post(path, param: param) {
        case .accepted: return nil
        case .refused(let reason): return CommandOutcome(result: .rejected, detail: "ePIC refused \(path): \(reason)")
        }
    }

    /// `/summary` after the read-back delay.
    func readBack() async throws -> JSONValue {
        try await context.sleep(Self.readBackDelay)
        return try await client.get("/summary")
    }

    /// The outcome of `Stop` / `Autostart` from the operating state read back.
    static func stateOutcome(_ summary: JSONValue, wantsMining: Bool) -> CommandOutcome {
        let word = EPICReader.operatingState(summary)
        let readBack = word.map { "operating state \($0)" }
        let state = EPICReader.state(word)
        if wantsMining {
            if state == .mining { return .verified(readBack) }
            if state == .starting || state == .tuning {
                return CommandOutcome(result: .pending, readBack: readBack, settleSeconds: startSeconds)
            }
        } else {
            if word == "Idling" { return .verified(readBack) }
            if word == "Stopping" {
                return CommandOutcome(result: .pending, readBack: readBack, settleSeconds: stopSeconds)
            }
        }
        return CommandOutcome(result: .notApplied, readBack: readBack)
    }
}
