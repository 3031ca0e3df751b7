import HiveProtocols

/// One miner prepared for planning: its ladder, the draw counted for it, and whether it may move.
struct MinerView: Sendable {
    enum Role: Sendable, Hashable {
        /// May be changed this cycle.
        case flexible
        /// A change is in flight: counted at its expected draw, changed only as a last resort.
        case pending
        /// Set aside after repeated failed changes.
        case quarantined
        /// Counted, never changed (unmanaged, locked, unreachable, tuning…), with the reason.
        case fixed(String)
    }

    var miner: BalancerMiner
    var ladder: PowerLadder?
    /// The draw counted for it.
    var draw: Watts
    /// Whether `draw` rests on a reading or a known setting (not a zero for lack of anything).
    var drawKnown: Bool
    var asleep: Bool
    var role: Role
    var cooling: Bool
    /// Efficiency in J/TH, when known.
    var efficiency: Double?
    /// What waking it means, for a sleeping flexible miner.
    var wake: PowerLadder.Level?
    /// The pending change's target, when one is in flight.
    var pendingTarget: PowerControl.Setting?

    /// The lowest draw it could be brought to this cycle.
    var minimumDraw: Watts {
        guard canGoDown, let minimum = ladder?.minimum else { return draw }
        return min(draw, minimum.watts)
    }

    /// Whether the last-resort pass may bring it down.
    var canGoDown: Bool {
        guard !asleep, let ladder, ladder.minimum != nil else { return false }
        switch role {
        case .flexible: return true
        case .pending:
            return pendingTarget != .sleeping && miner.policy.managed && !miner.policy.locked && miner.reachable
        default: return false
        }
    }
}

extension BalancerStateMachine {
    func makeViews(_ miners: [BalancerMiner], now: UnixMillis) -> [MinerView] {
        miners.sorted { $0.id < $1.id }.map { view(of: $0, now: now) }
    }

    private func view(of miner: BalancerMiner, now: UnixMillis) -> MinerView {
        let ledger = state.ledgers[miner.id]
        let control = miner.control
        let asleep = miner.state == .sleeping || control?.current == .sleeping
        let ladder = control.map {
            PowerLadder(control: $0, policy: miner.policy, assumedSleepPower: configuration.assumedSleepPower)
        }
        var draw = miner.draw
        if draw == nil {
            if asleep {
                draw = control?.sleepPower ?? configuration.assumedSleepPower
            } else if let control, let watts = PowerLadder.watts(of: control.current, in: control) {
                draw = watts
            } else if miner.state == .mining {
                draw = miner.nominalPower
            }
        }
        let cooling =
            ledger?.lastChangeAt.map {
                now < $0.adding(milliseconds: Int64(configuration.cooldownSeconds) * 1000)
            } ?? false
        var view = MinerView(
            miner: miner, ladder: ladder, draw: draw ?? .zero, drawKnown: draw != nil || !miner.reachable,
            asleep: asleep, role: .flexible, cooling: cooling, efficiency: efficiency(of: miner, ledger: ledger),
            wake: nil, pendingTarget: nil)
        if let pending = ledger?.pending {
            view.draw = pending.action.expectedWatts
            view.drawKnown = true
            view.role = .pending
            view.pendingTarget = pending.action.to
            return view
        }
        view.role = role(of: miner, ladder: ladder, drawKnown: draw != nil, ledger: ledger, now: now)
        if view.role == .flexible, asleep, let control, let ladder {
            view.wake = wakeLevel(miner: miner, control: control, ladder: ladder, ledger: ledger)
        }
        return view
    }

    private func role(
        of miner: BalancerMiner, ladder: PowerLadder?, drawKnown: Bool, ledger: MinerLedger?, now: UnixMillis
    ) -> MinerView.Role {
        if !miner.policy.managed { return .fixed("unmanaged") }
        if miner.policy.locked { return .fixed("locked") }
        if !miner.reachable { return .fixed("unreachable") }
        if let until = ledger?.quarantinedUntil, now < until { return .quarantined }
        guard let ladder else { return .fixed("power control unknown") }
        switch miner.state {
        case .mining, .sleeping: break
        case .tuning: return .fixed("tuning")
        case .starting: return .fixed("starting or rebooting")
        case .failure: return .fixed("failure")
        case .unknown: return .fixed("state unknown")
        }
        if !drawKnown { return .fixed("draw unknown") }
        if ladder.isEmpty { return .fixed("no usable power control") }
        return .flexible
    }

    /// What waking a sleeping miner brings back, with the highest draw estimate known (the
    /// draw it had awake, its setting's nominal watts, its model's nominal power); `nil` when
    /// nothing is known or the estimate is above the policy's maximum.
    private func wakeLevel(
        miner: BalancerMiner, control: PowerControl, ladder: PowerLadder, ledger: MinerLedger?
    ) -> PowerLadder.Level? {
        let reported = control.current == .sleeping ? nil : control.current
        let setting = ledger?.awakeSetting ?? reported
        let estimates = [ledger?.awakeDraw, PowerLadder.watts(of: setting, in: control), miner.nominalPower]
        guard let estimate = estimates.compactMap({ $0 }).max() else { return nil }
        if let maximum = miner.policy.maxWatts, estimate > maximum { return nil }
        let command: MinerCommand
        if ladder.sleep?.command == .setMode(.sleep) {
            if case .mode(let kind)? = setting { command = .setMode(kind) } else { command = .setMode(.normal) }
        } else {
            command = .wake
        }
        return PowerLadder.Level(setting: setting ?? .watts(estimate), watts: estimate, command: command)
    }

    /// J/TH: the provider's measured figure, else draw ÷ hash rate while hashing, else the
    /// current setting's nominal figures, else what was last seen.
    private func efficiency(of miner: BalancerMiner, ledger: MinerLedger?) -> Double? {
        if let measured = miner.efficiency, measured.isFinite, measured > 0 { return measured }
        if miner.state == .mining, miner.drawMeasured, let draw = miner.draw, let rate = miner.hashrate,
            rate.terahashesPerSecond > 0
        {
            return draw.value / rate.terahashesPerSecond
        }
        if let control = miner.control, let nominal = Self.nominalEfficiency(control) { return nominal }
        return ledger?.efficiency
    }

    private static func nominalEfficiency(_ control: PowerControl) -> Double? {
        let pair: (Watts?, HashRate?)
        switch (control.current, control.mechanism) {
        case (.preset(let name)?, .presets(let presets)):
            let preset = presets.first { $0.name == name }
            pair = (preset?.watts, preset?.hashrate)
        case (.mode(let kind)?, .modes(let modes)):
            let mode = modes.first { $0.kind == kind }
            pair = (mode?.watts, mode?.hashrate)
        default:
            return nil
        }
        guard let watts = pair.0, let rate = pair.1, rate.terahashesPerSecond > 0 else { return nil }
        return watts.value / rate.terahashesPerSecond
    }
}
