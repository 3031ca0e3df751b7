import HiveProtocols

extension VNishDriver {
    /// Seconds to wait between a write and its read-back (through the injected `context.sleep`).
    static let readBackDelay: Duration = .seconds(2)

    /// Carries out a command on the REST API and reads it back.
    ///
    /// - `selectPreset`: refuses (`.rejected`, nothing sent) a name not in the ladder, and an
    ///   untuned preset other than `disabled`, because selecting it starts a long auto-tune
    ///   (allowing that explicitly is left to a later change). Then `POST /api/v1/settings
    ///   {"miner":{"overclock":{"preset":name}}}`, waits, and reads `/perf-summary` and
    ///   `/status` back. If the settings reply or `/status` says `restart_required`, it sends
    ///   `POST /api/v1/mining/restart` and reports `.pending`. Otherwise: the new name read back
    ///   gives `.verified` (`.pending` while auto-tuning); the old one `.notApplied`.
    /// - `setPowerTarget(w)`: the highest tuned preset with watts ≤ `w`, never `disabled` nor
    ///   one needing a modded PSU, then as `selectPreset`; none fits gives `.rejected`.
    /// - `sleep` / `wake`: `/mining/pause` (else `/mining/stop`) / `/mining/resume` (else
    ///   `/mining/start`), verified with `/status` `miner_state`.
    /// - `reboot`: `/system/reboot`, `.pending`.
    /// - `locate(on)`: sends the toggling `/find-miner` only when `/status` `find_miner`
    ///   differs, then checks the `on` it returns.
    ///
    /// A reply with an `err` field (or a non-2xx status) gives `.rejected` with the message.
    func restApply(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .selectPreset(let name):
            let ladder = try await fetchLadder()
            guard let preset = ladder.first(where: { $0.name == name }) else {
                return CommandOutcome(result: .rejected, detail: "preset '\(name)' is not offered by this miner")
            }
            guard preset.tuned || preset.isStock else {
                return CommandOutcome(
                    result: .rejected,
                    detail: "preset '\(name)' is not tuned on this miner; selecting it would start a long auto-tune")
            }
            return try await switchPreset(to: preset.name, detail: nil)
        case .setPowerTarget(let target):
            let ladder = try await fetchLadder()
            let fitting = ladder.filter { preset in
                guard let watts = preset.watts else { return false }
                return preset.tuned && !preset.isStock && !preset.requiresModdedPSU && watts <= target
            }
            guard let best = fitting.max(by: { ($0.watts?.value ?? 0) < ($1.watts?.value ?? 0) }) else {
                return CommandOutcome(result: .rejected, detail: "no tuned preset at or below \(target)")
            }
            return try await switchPreset(to: best.name, detail: "preset \(best.name) chosen for \(target)")
        case .sleep:
            return try await runState(
                ["/api/v1/mining/pause", "/api/v1/mining/stop"], wanted: .sleeping, settleSeconds: 30)
        case .wake:
            return try await runState(
                ["/api/v1/mining/resume", "/api/v1/mining/start"], wanted: .mining, settleSeconds: 300)
        case .reboot:
            switch try await client.write("/api/v1/system/reboot", auth: .bearerWithKey) {
            case .refused(let message):
                return CommandOutcome(result: .rejected, detail: message)
            case .accepted(let body):
                let after = body["after"]?.int ?? 0
                return CommandOutcome(result: .pending, detail: "reboot issued", settleSeconds: max(0, after) + 180)
            }
        case .locate(let on):
            return try await locate(on)
        case .setMode:
            throw DriverError(.unsupported, "VNish has no power modes; use presets", request: "\(command)")
        }
    }

    /// Writes the preset, reads it back, restarts mining when the miner asks for it.
    func switchPreset(to name: String, detail: String?) async throws -> CommandOutcome {
        let body: JSONValue = ["miner": ["overclock": ["preset": .string(name)]]]
        let reply = try await client.write("/api/v1/settings", body: body, auth: .bearerWithKey)
        guard let saved = reply.body else {
            if case .refused(let message) = reply { return CommandOutcome(result: .rejected, detail: message) }
            return CommandOutcome(result: .rejected)
        }
        try await context.sleep(Self.readBackDelay)
        let perf = try await client.getJSON("/api/v1/perf-summary", auth: .apiKey)
        let status = try await client.getJSON("/api/v1/status", auth: .none)
        let current = VNishReader.currentPresetName(perf)
        let readBack = current.map { "preset \($0)" }
        let notes = detail.map { [$0] } ?? []

        if saved["restart_required"]?.bool == true || status["restart_required"]?.bool == true {
            switch try await client.write("/api/v1/mining/restart", auth: .bearer) {
            case .accepted:
                return CommandOutcome(
                    result: .pending, readBack: readBack,
                    detail: (notes + ["restart issued to apply preset \(name)"]).joined(separator: "; "),
                    settleSeconds: VNishPresets.settleSeconds)
            case .refused(let message):
                return CommandOutcome(
                    result: .notApplied, readBack: readBack,
                    detail: (notes + ["preset \(name) saved but the mining restart failed: \(message)"])
                        .joined(separator: "; "))
            }
        }
        if saved["reboot_required"]?.bool == true || status["reboot_required"]?.bool == true {
            return CommandOutcome(
                result: .notApplied, readBack: readBack,
                detail: (notes + ["preset \(name) saved; the miner needs a reboot to apply it (not issued)"])
                    .joined(separator: "; "))
        }
        guard current == name else {
            return CommandOutcome(
                result: .notApplied, readBack: readBack,
                detail: (notes + ["miner acknowledged preset \(name) but reports \(current ?? "no preset")"])
                    .joined(separator: "; "))
        }
        if VNishReader.state(status["miner_state"]?.string) == .tuning {
            return CommandOutcome(
                result: .pending, readBack: readBack,
                detail: (notes + ["auto-tuning preset \(name)"]).joined(separator: "; "),
                settleSeconds: VNishPresets.settleSeconds)
        }
        return .verified(readBack, detail: detail)
    }

    /// Sends the first of `paths` that the miner accepts, then checks `/status`.
    func runState(_ paths: [String], wanted: MinerStatus.State, settleSeconds: Int) async throws -> CommandOutcome {
        var refusals: [String] = []
        var accepted = false
        for path in paths {
            switch try await client.write(path, auth: .bearer) {
            case .accepted: accepted = true
            case .refused(let message): refusals.append("\(path.split(separator: "/").last ?? ""): \(message)")
            }
            if accepted { break }
        }
        guard accepted else { return CommandOutcome(result: .rejected, detail: refusals.joined(separator: "; ")) }
        try await context.sleep(Self.readBackDelay)
        let status = try await client.getJSON("/api/v1/status", auth: .none)
        let word = status["miner_state"]?.string
        let readBack = word.map { "miner_state \($0)" }
        let state = VNishReader.state(word)
        if state == wanted { return .verified(readBack) }
        if state == .starting || state == .unknown || (state == .tuning && wanted == .mining) {
            return CommandOutcome(result: .pending, readBack: readBack, settleSeconds: settleSeconds)
        }
        return CommandOutcome(result: .notApplied, readBack: readBack)
    }

    /// Turns the locate light on or off, sending the toggle only when needed.
    func locate(_ on: Bool) async throws -> CommandOutcome {
        let words = on ? "locate on" : "locate off"
        let before = try await client.getJSON("/api/v1/status", auth: .none)["find_miner"]?.bool
        if before == on { return .verified(words, detail: "already \(on ? "on" : "off")") }
        let reply = try await client.write("/api/v1/find-miner", auth: .bearer)
        guard let body = reply.body else {
            if case .refused(let message) = reply { return CommandOutcome(result: .rejected, detail: message) }
            return CommandOutcome(result: .rejected)
        }
        let after: Bool?
        if let replied = body["on"]?.bool {
            after = replied
        } else {
            after = try await client.getJSON("/api/v1/status", auth: .none)["find_miner"]?.bool
        }
        let readBack = after.map { $0 ? "locate on" : "locate off" }
        return after == on ? .verified(readBack) : CommandOutcome(result: .notApplied, readBack: readBack)
    }
}
