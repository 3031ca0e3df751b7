public import HiveProtocols

/// Told about every operator command a miner accepted, so other parts of the daemon can react:
/// the balancer starts the miner's cooldown instead of undoing the change at its next cycle.
public protocol ControlActionObserver: Sendable {
    /// `command` was applied to `miner` by `actor` (`user:<name>`, `token:<name>`, `local`)
    /// with `outcome`. Errors are logged by the caller, never shown to the operator (the command
    /// itself succeeded).
    func controlActionPerformed(
        _ command: MinerCommand, on miner: MinerRecord, actor: String, outcome: CommandOutcome, at time: UnixMillis
    ) async throws
}

extension BalancerService: ControlActionObserver {
    /// Records a power change made by hand in the balancer's audit log (actor `user:<name>`, or
    /// `user:token:<name>` for an API token),
    /// which also starts the miner's cooldown. Locate, reboot and wake change no power setting
    /// the balancer tracks and are not recorded here (the web audit log has them). The expected
    /// change of a manual command is not estimated: it is recorded as 0 W.
    public func controlActionPerformed(
        _ command: MinerCommand, on miner: MinerRecord, actor: String, outcome: CommandOutcome, at time: UnixMillis
    ) async throws {
        let setting: PowerControl.Setting
        switch command {
        case .setPowerTarget(let watts): setting = .watts(watts)
        case .selectPreset(let name): setting = .preset(name)
        case .setMode(let kind): setting = .mode(kind)
        case .sleep: setting = .sleeping
        case .wake, .reboot, .locate: return
        }
        let result: BalancerAuditEntry.Outcome =
            switch outcome.result {
            case .verified: .verified
            case .pending: .pending
            case .notApplied: .notApplied
            case .rejected: .rejected
            }
        // Sequence numbers from one million up never meet the balancer's own (0, 1, 2… per cycle).
        let id = BalancerActionID(time: time, sequence: 1_000_000 + Int(truncatingIfNeeded: miner.id.rawValue))
        try await recordUserChange(
            BalancerAuditEntry(
                id: id, time: time, minerID: miner.id, command: command, from: nil, to: setting,
                reason: "manual change by \(actor) (expected change not estimated)", expectedDelta: .zero,
                outcome: result, detail: outcome.detail ?? outcome.readBack,
                actor: .user(actor.hasPrefix("user:") ? String(actor.dropFirst(5)) : actor)))
    }
}
