import Foundation
import HiveHost
import HiveProtocols
import Testing

/// Pending changes, the deadband, stale data and the fail-safe, modes, read-back.
@Suite("Balancer: safety")
struct BalancerSafetyTests {
    typealias F = BalancerFixtures
    static let fleet = BalancerCutTests.continuousFleet

    @Test func pendingChangesAreNotDoubleCounted() {
        var machine = F.machine()
        let first = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(27_000, collectedAt: F.t0), miners: Self.fleet))
        #expect(first.actions.count == 2)
        #expect(machine.state.pendingChanges.count == 2)
        // 30 s later the poll still shows the old draw (nothing settled yet): no second correction.
        let stillOld = Self.fleet.map { miner -> BalancerMiner in
            var miner = miner
            miner.sampledAt = F.at(30)
            return miner
        }
        let second = machine.decide(
            BalancerInput(now: F.at(30), budget: F.budget(27_000, collectedAt: F.at(30)), miners: stillOld))
        #expect(second.actions.isEmpty)
        #expect(second.status.projected == Watts(25_920))
        #expect(second.status.phase == .balanced)
        #expect(second.status.pending == 2)
    }

    @Test func aStaleSampleDoesNotResolveAPendingChange() {
        var machine = F.machine()
        _ = machine.decide(BalancerInput(now: F.t0, budget: F.budget(27_000, collectedAt: F.t0), miners: Self.fleet))
        // Past the settle time, but the newest sample predates it: keep counting the expected draw.
        let second = machine.decide(
            BalancerInput(now: F.at(90), budget: F.budget(27_000, collectedAt: F.at(90)), miners: Self.fleet))
        #expect(second.verifications.isEmpty)
        #expect(second.actions.isEmpty)
        #expect(machine.readBackDue(at: F.at(90)) == [MinerRecord.ID(9), MinerRecord.ID(10)])
    }

    @Test(arguments: [(26_000.0, 0), (25_001.0, 0), (30_000.0, 0), (24_990.0, 1)])
    func deadband(budget: Double, expectedActions: Int) {
        var machine = F.machine()
        let fleet = (1...10).map { F.continuous(Int64($0), draw: 2500, max: 2500, efficiency: Double(29 + $0)) }
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(budget, collectedAt: F.t0), miners: fleet))
        #expect(decision.actions.count == expectedActions)
    }

    @Test func staleDataTriggersTheFailSafeAndSleepsEveryManagedMiner() {
        var machine = F.machine()
        let miners = (1...3).map { F.continuous(Int64($0), draw: 3000, efficiency: 30) }
        let signal = F.budget(9500, collectedAt: F.t0)
        let fresh = machine.decide(BalancerInput(now: F.at(100), budget: signal, miners: miners))
        #expect(fresh.status.phase == .balanced)
        #expect(fresh.staleAt == F.at(180.001))
        let stale = machine.decide(BalancerInput(now: F.at(181), budget: signal, miners: miners))
        #expect(stale.status.phase == .failSafe)
        #expect(stale.status.failSafeSince == F.at(181))
        #expect(stale.status.reason.contains("181 s old"))
        #expect(stale.actions.count == 3)
        #expect(stale.actions.allSatisfy { $0.command == .sleep })
    }

    @Test func failSafeIgnoresCooldownAndChangesInFlight() {
        var machine = F.machine()
        let miners = (1...3).map { F.continuous(Int64($0), draw: 3000, efficiency: Double(30 + $0)) }
        let cut = machine.decide(BalancerInput(now: F.t0, budget: F.budget(7000, collectedAt: F.t0), miners: miners))
        #expect(!cut.actions.isEmpty)
        let stale = machine.decide(
            BalancerInput(now: F.at(200), budget: F.budget(7000, collectedAt: F.t0), miners: miners))
        #expect(stale.status.phase == .failSafe)
        #expect(stale.actions.allSatisfy { $0.command == .sleep })
        #expect(stale.actions.contains { $0.overridesCooldown })
        let planned = F.plannedDraws(miners, stale, state: machine.state)
        #expect(planned.values.allSatisfy { $0 <= 20 })
    }

    @Test func failSafeLevelCutsToTheLevelAndNeverRestores() {
        var machine = F.machine(deadband: 0, failSafe: 5000)
        let miners = (1...3).map { F.continuous(Int64($0), draw: 3000, efficiency: Double(30 + $0)) }
        let stale = machine.decide(
            BalancerInput(now: F.at(200), budget: F.budget(20_000, collectedAt: F.t0), miners: miners))
        #expect(stale.status.phase == .failSafe)
        #expect(stale.status.budget == Watts(5000))
        #expect(stale.status.planned <= Watts(5000))
        let settled = F.applying(stale.actions, to: miners, sampledAt: F.at(900))
        let later = machine.decide(
            BalancerInput(now: F.at(900), budget: F.budget(20_000, collectedAt: F.t0), miners: settled))
        #expect(later.status.phase == .failSafe)
        #expect(later.actions.isEmpty)
    }

    @Test func failSafeHoldsUntilFreshDataThenRecoversRespectingCooldown() {
        var machine = F.machine()
        let miners = (1...3).map { F.continuous(Int64($0), draw: 3000, efficiency: Double(30 + $0)) }
        let stale = machine.decide(
            BalancerInput(now: F.at(181), budget: F.budget(20_000, collectedAt: F.t0), miners: miners))
        var asleep = F.applying(stale.actions, to: miners, sampledAt: F.at(300))
        let outage = machine.decide(BalancerInput(now: F.at(300), budget: .unavailable("HTTP 503"), miners: asleep))
        #expect(outage.status.phase == .failSafe)
        #expect(outage.actions.isEmpty)
        // Fresh data returns: the fail-safe ends; restores wait for the cooldown.
        let back = machine.decide(
            BalancerInput(now: F.at(400), budget: F.budget(20_000, collectedAt: F.at(395)), miners: asleep))
        #expect(back.status.phase == .holding)
        #expect(back.status.failSafeSince == nil)
        asleep = asleep.map {
            var m = $0
            m.sampledAt = F.at(790)
            return m
        }
        let restored = machine.decide(
            BalancerInput(now: F.at(790), budget: F.budget(20_000, collectedAt: F.at(785)), miners: asleep))
        #expect(restored.status.phase == .restoring)
        #expect(restored.actions.count == 3)
        #expect(restored.actions.allSatisfy { $0.command == .wake })
    }

    @Test func noBudgetSinceStartWaitsThenFailsSafe() {
        var machine = F.machine()
        let miners = [F.continuous(1, draw: 3000)]
        let early = machine.decide(
            BalancerInput(now: F.t0, budget: .unavailable("no usable plant reading"), miners: miners))
        #expect(early.status.phase == .starting)
        #expect(early.actions.isEmpty)
        #expect(early.staleAt == F.at(180.001))
        let late = machine.decide(
            BalancerInput(now: F.at(181), budget: .unavailable("no usable plant reading"), miners: miners))
        #expect(late.status.phase == .failSafe)
        #expect(late.actions.map(\.command) == [.sleep])
    }

    @Test func aRestartDuringTheFailSafeStaysInIt() throws {
        var machine = F.machine()
        machine.start(at: F.t0)
        let miners = [F.continuous(1, draw: 3000)]
        let first = machine.decide(BalancerInput(now: F.at(181), budget: .unavailable("down"), miners: miners))
        #expect(first.status.phase == .failSafe)
        let saved = try JSONEncoder().encode(machine.state)
        var restarted = BalancerStateMachine(
            configuration: machine.configuration, state: try JSONDecoder().decode(BalancerState.self, from: saved))
        restarted.start(at: F.at(200))
        let decision = restarted.decide(BalancerInput(now: F.at(200), budget: .unavailable("down"), miners: miners))
        #expect(decision.status.phase == .failSafe)
    }

    @Test func dryRunDecidesButRemembersNothing() {
        var machine = F.machine(mode: .dryRun)
        let first = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(27_000, collectedAt: F.t0), miners: Self.fleet))
        #expect(first.mode == .dryRun)
        #expect(first.actions.count == 2)
        #expect(machine.state.pendingChanges.isEmpty)
        let again = machine.decide(
            BalancerInput(now: F.at(60), budget: F.budget(27_000, collectedAt: F.at(60)), miners: Self.fleet))
        #expect(again.actions.map(\.command) == first.actions.map(\.command))
    }

    @Test func monitoringOnlyNeverProducesActions() {
        var machine = F.machine(mode: .monitoringOnly)
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(10_000, collectedAt: F.t0), miners: Self.fleet))
        #expect(decision.actions.isEmpty)
        #expect(decision.status.phase == .reducing)
        #expect(decision.status.planned == decision.status.projected)
        let stale = machine.decide(
            BalancerInput(now: F.at(500), budget: F.budget(10_000, collectedAt: F.t0), miners: Self.fleet))
        #expect(stale.status.phase == .failSafe)
        #expect(stale.actions.isEmpty)
    }

    @Test func stateSurvivesARoundTrip() throws {
        var machine = F.machine()
        _ = machine.decide(BalancerInput(now: F.t0, budget: F.budget(27_000, collectedAt: F.t0), miners: Self.fleet))
        machine.setOverride(BudgetOverride(watts: Watts(5000), expiresAt: F.at(3600), setBy: "ops", reason: "test"))
        let data = try JSONEncoder().encode(machine.state)
        let decoded = try JSONDecoder().decode(BalancerState.self, from: data)
        #expect(decoded == machine.state)
        #expect(decoded.pendingChanges.count == 2)
    }
}
