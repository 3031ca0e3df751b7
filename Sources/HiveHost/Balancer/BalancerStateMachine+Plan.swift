import HiveProtocols

/// A change chosen for one miner, before it becomes a ``BalancerAction``.
struct PlannedMove: Sendable {
    var index: Int
    var level: PowerLadder.Level
    var direction: BalancerAction.Direction
    var reason: String
    var overridesCooldown: Bool
}

/// The planning result: moves and the status that explains them.
struct PlanOutcome: Sendable {
    var moves: [PlannedMove]
    var status: BalancerStatus
}

extension BalancerStateMachine {
    /// Plans the cycle for the resolved budget.
    func plan(_ views: [MinerView], resolution: BudgetResolution, now: UnixMillis) -> PlanOutcome {
        let projected = views.reduce(Watts.zero) { $0 + $1.draw }
        let minimum = views.reduce(Watts.zero) { $0 + $1.minimumDraw }
        var status = BalancerStatus(
            phase: .balanced, reason: "", budget: nil, budgetBasis: resolution.basis,
            dataAgeSeconds: resolution.dataAgeSeconds, projected: projected, planned: projected, minimum: minimum,
            flexible: views.filter { $0.role == .flexible }.count,
            pending: views.filter { $0.role == .pending }.count,
            cooling: views.filter { $0.role == .flexible && $0.cooling }.count,
            quarantined: views.filter { $0.role == .quarantined }.count,
            unknownDraw: views.filter { !$0.drawKnown }.count, failSafeSince: state.failSafeSince)
        var moves: [PlannedMove] = []

        switch resolution.target {
        case .waiting(let reason):
            status.phase = .starting
            status.reason = "waiting for a budget (\(reason))"
        case .failSafe(nil, let reason):
            moves = planAllDown(views, reason: "fail-safe: \(reason)")
            status.phase = .failSafe
            status.reason = "\(reason); every managed miner to sleep until fresh plant data"
        case .failSafe(let level?, let reason):
            status.budget = level
            status.phase = .failSafe
            status.reason = "\(reason); holding at most \(level) until fresh plant data"
            if projected > level {
                moves = planCuts(views, need: projected.value - aim(level), reason: "fail-safe: \(reason)")
                if minimum > level { status.reason += "; cannot get under it: everything down" }
            }
        case .normal(let budget):
            status.budget = budget.watts
            status.budgetBasis = budget.basis
            let gap = projected - budget.watts
            if projected > budget.watts {
                moves = planCuts(views, need: projected.value - aim(budget.watts), reason: "over budget by \(gap)")
                if minimum > budget.watts {
                    status.phase = .infeasible
                    status.reason =
                        "over budget by \(gap); even with every flexible miner at its minimum the fleet draws "
                        + "\(minimum): everything down"
                } else {
                    status.phase = moves.isEmpty ? .holding : .reducing
                    status.reason = "over budget by \(gap)"
                }
            } else if budget.watts - projected > configuration.deadband {
                moves = planRestores(
                    views, room: aim(budget.watts) - projected.value, reason: "under budget by \(Watts(-gap.value))")
                status.phase = moves.isEmpty ? .holding : .restoring
                status.reason =
                    "under budget by \(Watts(-gap.value))"
                    + (moves.isEmpty ? ": nothing can be raised now (cooling down, in flight or at its limit)" : "")
            } else {
                status.phase = .balanced
                status.reason = "within the deadband (\(configuration.deadband)) under the budget"
            }
        }
        return PlanOutcome(moves: moves, status: status)
    }

    /// Where cuts aim and restores stop: half the deadband under the budget.
    private func aim(_ budget: Watts) -> Double {
        max(0, budget.value - configuration.deadband.value / 2)
    }

    // MARK: Cuts

    /// Cuts at least `need` watts if the fleet can (see the type's documentation for the order).
    func planCuts(_ views: [MinerView], need: Double, reason: String) -> [PlannedMove] {
        var remaining = need
        var planned: [Int: PlannedMove] = [:]
        let awake = views.indices.filter { views[$0].role == .flexible && !views[$0].asleep }.sorted {
            shedsFirst(views[$0], views[$1])
        }
        let tiers = [awake.filter { !views[$0].cooling }, awake.filter { views[$0].cooling }]
        for (tierIndex, tier) in tiers.enumerated() where remaining > 0 {
            let overrides = tierIndex == 1
            // Sleep what the gap fully covers; trim without interrupting hashing.
            for index in tier where remaining > 0 {
                let view = views[index]
                guard let ladder = view.ladder else { continue }
                if let sleep = ladder.sleep, view.draw.value - sleep.watts.value > 0,
                    remaining >= view.draw.value - sleep.watts.value
                {
                    planned[index] = move(index, sleep, view, .cut, reason, overrides)
                    remaining -= view.draw.value - sleep.watts.value
                } else if !ladder.interrupts, let level = ladder.cut(from: view.draw, need: remaining) {
                    planned[index] = move(index, level, view, .cut, reason, overrides)
                    remaining -= view.draw.value - level.watts.value
                }
            }
            // Then trims that interrupt hashing.
            for index in tier where remaining > 0 && planned[index] == nil {
                let view = views[index]
                guard let ladder = view.ladder, ladder.interrupts,
                    let level = ladder.cut(from: view.draw, need: remaining)
                else { continue }
                planned[index] = move(index, level, view, .cut, reason, overrides)
                remaining -= view.draw.value - level.watts.value
            }
        }
        if remaining > 0 {
            // Last resort: everything down to its minimum, changes in flight included.
            let all = views.indices.filter { views[$0].canGoDown }.sorted { shedsFirst(views[$0], views[$1]) }
            for index in all where remaining > 0 {
                let view = views[index]
                let current = planned[index]?.level.watts ?? view.draw
                guard let lowest = view.ladder?.minimum, lowest.watts < current else { continue }
                planned[index] = move(
                    index, lowest, view, .cut, reason + "; everything down", view.cooling || view.role == .pending)
                remaining -= current.value - lowest.watts.value
            }
        }
        return planned.values.sorted { $0.index < $1.index }
    }

    /// Every managed, changeable miner to sleep (else its lowest trim), ignoring cooldowns.
    func planAllDown(_ views: [MinerView], reason: String) -> [PlannedMove] {
        views.indices.compactMap { index in
            let view = views[index]
            guard view.canGoDown, let ladder = view.ladder, let target = ladder.sleep ?? ladder.lowestTrim,
                target.watts < view.draw || target.setting == .sleeping
            else { return nil }
            return move(index, target, view, .cut, reason, view.cooling || view.role == .pending)
        }
    }

    // MARK: Restores

    /// Raises up to `room` watts in one batch: most efficient first, wake-ups and trims that keep
    /// hashing before trims that interrupt it; never a miner in its cooldown.
    func planRestores(_ views: [MinerView], room: Double, reason: String) -> [PlannedMove] {
        var room = room
        var planned: [Int: PlannedMove] = [:]
        let managed = views.filter { $0.miner.policy.managed }.count
        let batch = configuration.restoreBatchSize ?? min(100, max(10, (managed + 99) / 100))
        let order = views.indices.filter { views[$0].role == .flexible && !views[$0].cooling }.sorted {
            restoresFirst(views[$0], views[$1])
        }
        for interrupting in [false, true] {
            for index in order where planned.count < batch && room > 0 && planned[index] == nil {
                let view = views[index]
                guard let ladder = view.ladder else { continue }
                if view.asleep {
                    guard !interrupting, let wake = view.wake else { continue }
                    let delta = wake.watts.value - view.draw.value
                    guard delta <= room else { continue }
                    planned[index] = move(index, wake, view, .restore, reason, false)
                    room -= max(0, delta)
                } else if ladder.interrupts == interrupting,
                    let level = ladder.raise(
                        from: view.draw, room: room, minimumChange: configuration.minimumChange.value)
                {
                    planned[index] = move(index, level, view, .restore, reason, false)
                    room -= level.watts.value - view.draw.value
                }
            }
        }
        return planned.values.sorted { $0.index < $1.index }
    }

    // MARK: Ordering

    /// Lower priority first, then the least efficient (unknown efficiency counts as worst).
    private func shedsFirst(_ a: MinerView, _ b: MinerView) -> Bool {
        if a.miner.policy.priority != b.miner.policy.priority {
            return a.miner.policy.priority < b.miner.policy.priority
        }
        let ea = a.efficiency ?? .infinity
        let eb = b.efficiency ?? .infinity
        if ea != eb { return ea > eb }
        return a.miner.id < b.miner.id
    }

    /// Higher priority first, then the most efficient (unknown efficiency last).
    private func restoresFirst(_ a: MinerView, _ b: MinerView) -> Bool {
        if a.miner.policy.priority != b.miner.policy.priority {
            return a.miner.policy.priority > b.miner.policy.priority
        }
        let ea = a.efficiency ?? .infinity
        let eb = b.efficiency ?? .infinity
        if ea != eb { return ea < eb }
        return a.miner.id < b.miner.id
    }

    private func move(
        _ index: Int, _ level: PowerLadder.Level, _ view: MinerView, _ direction: BalancerAction.Direction,
        _ reason: String, _ overrides: Bool
    ) -> PlannedMove {
        var text = reason
        if let efficiency = view.efficiency { text += "; \((efficiency * 10).rounded() / 10) J/TH" }
        if view.miner.policy.priority != 0 { text += "; priority \(view.miner.policy.priority)" }
        if overrides { text += "; ignores cooldown (emergency)" }
        return PlannedMove(index: index, level: level, direction: direction, reason: text, overridesCooldown: overrides)
    }

    // MARK: Actions

    func makeActions(_ moves: [PlannedMove], views: [MinerView], now: UnixMillis) -> [BalancerAction] {
        moves.enumerated().map { sequence, move in
            let view = views[move.index]
            let from: PowerControl.Setting? =
                view.role == .pending ? view.pendingTarget : (view.asleep ? .sleeping : view.miner.control?.current)
            return BalancerAction(
                id: BalancerActionID(time: now, sequence: sequence), minerID: view.miner.id, label: view.miner.label,
                command: move.level.command, from: from, to: move.level.setting, fromWatts: view.draw,
                expectedWatts: move.level.watts, direction: move.direction, reason: move.reason,
                settleSeconds: view.ladder?.settleSeconds ?? 0, overridesCooldown: move.overridesCooldown)
        }
    }
}
