import HiveProtocols
import Logging
import ServiceLifecycle

/// What one balancer cycle did.
public struct BalancerCycleReport: Sendable {
    /// An action and what became of it.
    public struct Executed: Sendable, Hashable {
        /// The action.
        public var action: BalancerAction
        /// The driver's outcome, or why sending failed.
        public var result: BalancerStateMachine.ExecutionResult
    }

    /// The decision.
    public var decision: BalancerDecision
    /// Actions sent, with their results (empty in `dry_run` and `monitoring_only`).
    public var executed: [Executed]
}

extension BalancerService {
    /// Runs one cycle now, outside the schedule (tests, `powerhive simulate-balance`). Returns
    /// once every command has returned.
    /// - Throws: when the fleet snapshot or the store fails (a plant-store failure only makes
    ///   the budget unavailable).
    @discardableResult
    public func runCycle() async throws -> BalancerCycleReport {
        try await prepare()
        let started = timeline.now
        let now = self.now()
        let due = machine.withLockedValue { $0?.readBackDue(at: now) ?? [] }
        let miners = try await fleet.snapshot(readingBack: due)
        let signal = await budgetSignal(now: now)
        let (decision, previous) = machine.withLockedValue { machine -> (BalancerDecision?, BalancerStatus?) in
            guard var current = machine else { return (nil, nil) }
            let previous = current.state.lastStatus
            let decision = current.decide(BalancerInput(now: now, budget: signal, miners: miners))
            machine = current
            return (decision, previous)
        }
        guard let decision else { throw BalancerServiceError.notPrepared }
        try await saveState()
        try await store.update(audit: decision.verifications.map(Self.update))

        var executed: [BalancerCycleReport.Executed] = []
        switch decision.mode {
        case .active where !decision.actions.isEmpty:
            try await store.append(audit: decision.actions.map { BalancerAuditEntry($0, outcome: .sent) })
            executed = await execute(decision.actions)
            let done = self.now()
            machine.withLockedValue { machine in
                guard var current = machine else { return }
                for item in executed { current.record(item.result, for: item.action, at: done) }
                machine = current
            }
            try await saveState()
            try await store.update(audit: executed.map { Self.update($0, at: done) })
        case .dryRun where !decision.actions.isEmpty:
            try await store.append(audit: decision.actions.map { BalancerAuditEntry($0, outcome: .dryRun) })
        default:
            break
        }
        log(decision, previous: previous, executed: executed, duration: timeline.now - started)
        let report = BalancerCycleReport(decision: decision, executed: executed)
        onCycle?(report)
        return report
    }

    /// Cycles on schedule until cancelled or shut down gracefully, plus one at the moment the
    /// plant data would go stale. A failed cycle is logged and the schedule goes on.
    public func run() async throws {
        let schedule = FixedRateSchedule(interval: configuration.interval)
        var tick = timeline.now + max(.zero, configuration.initialDelay)
        guard await wait(until: tick) else { return }
        var staleAt = await cycle()
        while true {
            let (next, skipped) = schedule.next(after: tick, now: timeline.now)
            if skipped > 0 { logger.warning("balancer cycle overran its interval: skipped \(skipped)") }
            if let staleAt {
                let offset = timeline.now + .milliseconds(staleAt.rawValue - now().rawValue)
                if offset < next {
                    guard await wait(until: offset) else { return }
                    _ = await cycle()
                }
            }
            tick = next
            guard await wait(until: tick) else { return }
            staleAt = await cycle()
        }
    }

    /// One cycle, logging a failure; returns when the data goes stale.
    private func cycle() async -> UnixMillis? {
        if let leadership, !leadership() {
            // A follower: another instance balances. Forget the state, so that taking over
            // reloads what the leader saved.
            machine.withLockedValue { $0 = nil }
            return nil
        }
        do {
            return try await runCycle().decision.staleAt
        } catch {
            if !Task.isCancelled { logger.error("balancer cycle failed: \(error)") }
            return nil
        }
    }

    private func wait(until offset: Duration) async -> Bool {
        guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return false }
        do {
            try await cancelWhenGracefulShutdown { try await self.timeline.sleep(until: offset) }
        } catch {
            return false
        }
        return !Task.isCancelled && !Task.isShuttingDownGracefully
    }

    private func budgetSignal(now: UnixMillis) async -> BudgetSignal {
        let override = machine.withLockedValue { $0?.state.override }
        do {
            let usable = try await plant.latestUsablePlantReading()
            let latest = try await plant.latestPlantReading()
            let problem = latest.flatMap { $0.outcome == .usable ? nil : $0.reason }
            return configuration.budget.budget(reading: usable, override: override, now: now, latestProblem: problem)
        } catch {
            let fallback = configuration.budget.budget(reading: nil, override: override, now: now)
            if case .budget = fallback { return fallback }
            return .unavailable("plant readings unavailable: \(error)")
        }
    }

    private func saveState() async throws {
        if let state = machine.withLockedValue({ $0?.state }) {
            try await store.save(balancerState: state)
        }
    }

    /// Sends every action, at most `executionConcurrency` at once.
    private func execute(_ actions: [BalancerAction]) async -> [BalancerCycleReport.Executed] {
        await withTaskGroup(of: BalancerCycleReport.Executed.self) { group in
            var results: [BalancerCycleReport.Executed] = []
            var queue = actions.makeIterator()
            var running = 0
            func startNext() -> Bool {
                guard let action = queue.next() else { return false }
                let executor = self.executor
                group.addTask {
                    do {
                        let outcome = try await executor.execute(action.command, on: action.minerID)
                        return .init(action: action, result: .outcome(outcome))
                    } catch {
                        return .init(action: action, result: .failed("\(error)"))
                    }
                }
                return true
            }
            while running < configuration.executionConcurrency, startNext() { running += 1 }
            for await result in group {
                results.append(result)
                _ = startNext()
            }
            return results.sorted { $0.action.id < $1.action.id }
        }
    }

    static func update(_ verification: BalancerVerification) -> BalancerAuditUpdate {
        let outcome: BalancerAuditEntry.Outcome
        switch verification.result {
        case .verified: outcome = .verified
        case .notApplied: outcome = .notApplied
        case .reverted: outcome = .reverted
        }
        return BalancerAuditUpdate(
            id: verification.actionID, outcome: outcome, detail: verification.detail,
            observedDelta: verification.observedDelta, at: verification.checkedAt)
    }

    static func update(_ executed: BalancerCycleReport.Executed, at time: UnixMillis) -> BalancerAuditUpdate {
        switch executed.result {
        case .failed(let reason):
            return BalancerAuditUpdate(id: executed.action.id, outcome: .failed, detail: reason, at: time)
        case .outcome(let outcome):
            let mapped: BalancerAuditEntry.Outcome
            switch outcome.result {
            case .verified: mapped = .verified
            case .pending: mapped = .pending
            case .notApplied: mapped = .notApplied
            case .rejected: mapped = .rejected
            }
            let detail = [outcome.readBack.map { "reads back \($0)" }, outcome.detail].compactMap { $0 }
            return BalancerAuditUpdate(
                id: executed.action.id, outcome: mapped, detail: detail.isEmpty ? nil : detail.joined(separator: "; "),
                at: time)
        }
    }
}

/// Errors of ``BalancerService`` itself.
struct BalancerServiceError: Error, CustomStringConvertible {
    let description: String
    static let notPrepared = BalancerServiceError(description: "balancer state was not loaded")
}
