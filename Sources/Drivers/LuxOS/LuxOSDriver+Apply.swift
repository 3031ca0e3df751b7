import HiveProtocols

extension LuxOSDriver {
    /// Seconds to wait between a write and its read-back (through the injected `context.sleep`).
    static let readBackDelay: Duration = .seconds(2)

    /// Carries out a command and reads it back.
    ///
    /// - `selectPreset(name)`: refused (nothing sent) when `profiles` does not list `name`;
    ///   `.verified` without a write when `config` already runs it. Otherwise, if `config`
    ///   says ATM is enabled, `atmset enabled=false`; then `profileset <name>`; then, whatever
    ///   `profileset` answered (or threw), `atmset enabled=true` to restore ATM. Read back:
    ///   `config` `Profile` must name the profile (`.notApplied` otherwise), and a board still
    ///   ramping in `devs` makes it `.pending` for ``LuxOSProfiles/settleSeconds``.
    /// - `setPowerTarget(w)`: the highest tuned profile with watts ≤ `w`, then as
    ///   `selectPreset`; none fits gives `.rejected`.
    /// - `sleep` / `wake`, `reboot`, `locate`: see `LuxOSDriver+Curtail.swift`.
    func perform(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .selectPreset(let name):
            let ladder = LuxOSProfiles.ladder(try await client.read("profiles"))
            guard ladder.contains(where: { $0.name == name }) else {
                return CommandOutcome(result: .rejected, detail: "profile '\(name)' is not offered by this miner")
            }
            return try await changeProfile(to: name, note: nil)
        case .setPowerTarget(let target):
            let ladder = LuxOSProfiles.ladder(try await client.read("profiles"))
            guard let best = LuxOSProfiles.best(for: target, in: ladder), let watts = best.watts else {
                return CommandOutcome(result: .rejected, detail: "no tuned profile at or below \(target)")
            }
            return try await changeProfile(to: best.name, note: "profile \(best.name) (\(watts)) chosen for \(target)")
        case .sleep, .wake:
            return try await curtail(sleep: command == .sleep)
        case .reboot:
            return try await reboot()
        case .locate(let on):
            return try await locate(on)
        case .setMode:
            throw DriverError(.unsupported, "LuxOS has profiles, not modes", request: "\(command)")
        }
    }

    /// Switches to profile `name` with ATM held off, restores ATM, reads the profile back.
    func changeProfile(to name: String, note: String?) async throws -> CommandOutcome {
        let before = try await client.read("config")
        if LuxOSReader.currentProfile(before) == name {
            let ramping = LuxOSReader.isRamping(try await client.read("devs"))
            return Self.profileOutcome(
                wanted: name, current: name, ramping: ramping, notes: [note, "already the active profile"])
        }
        let atmWasOn = LuxOSReader.isAtmEnabled(before) == true
        if atmWasOn, let refusal = try await client.privileged("atmset", ["enabled=false"]).refusal {
            return CommandOutcome(
                result: .rejected, detail: "ATM could not be disabled for the profile change: \(refusal)")
        }
        let written = await Self.attempt { try await client.privileged("profileset", [name]) }
        let restoreProblem = atmWasOn ? await restoreATM() : nil
        let atmNote = restoreProblem.map { "ATM was left disabled: re-enabling it failed: \($0)" }
        if let refusal = try written.get().refusal {
            return CommandOutcome(
                result: .rejected,
                detail: (["profileset \(name) refused: \(refusal)", atmNote]).compactMap { $0 }
                    .joined(separator: "; "))
        }
        try await context.sleep(Self.readBackDelay)
        let current = LuxOSReader.currentProfile(try await client.read("config"))
        let ramping = LuxOSReader.isRamping(try await client.read("devs"))
        return Self.profileOutcome(wanted: name, current: current, ramping: ramping, notes: [note, atmNote])
    }

    /// `atmset enabled=true`; the problem, if it did not succeed.
    func restoreATM() async -> String? {
        switch await Self.attempt({ try await client.privileged("atmset", ["enabled=true"]) }) {
        case .success(let reply): reply.refusal
        case .failure(let error): "\(error)"
        }
    }

    /// The outcome of a profile change from the profile read back and the boards' ramping.
    static func profileOutcome(wanted: String, current: String?, ramping: Bool, notes: [String?]) -> CommandOutcome {
        let readBack = current.map { "profile \($0)" }
        var lines = notes.compactMap { $0 }
        guard current == wanted else {
            lines.append("the miner acknowledged profile \(wanted) but reports \(current ?? "no profile")")
            return CommandOutcome(result: .notApplied, readBack: readBack, detail: lines.joined(separator: "; "))
        }
        if ramping {
            lines.append("the boards are ramping to profile \(wanted)")
            return CommandOutcome(
                result: .pending, readBack: readBack, detail: lines.joined(separator: "; "),
                settleSeconds: LuxOSProfiles.settleSeconds)
        }
        return .verified(readBack, detail: lines.isEmpty ? nil : lines.joined(separator: "; "))
    }

    /// Runs `body`, capturing its error (so that ATM is restored before it is rethrown).
    static func attempt<T: Sendable>(_ body: () async throws -> T) async -> Result<T, any Error> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }
}
