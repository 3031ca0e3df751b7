import HiveHost
import HiveProtocols
import Testing

/// Budget steps up, batches, cooldowns and emergencies.
@Suite("Balancer: restores and cooldowns")
struct BalancerRestoreTests {
    typealias F = BalancerFixtures

    /// Cuts at t0 (budget 27 kW), then the fleet as it reads once those cuts settled.
    static func afterStepDown(_ machine: inout BalancerStateMachine, readAt seconds: Double) -> [BalancerMiner] {
        let fleet = BalancerCutTests.continuousFleet
        let cut = machine.decide(BalancerInput(now: F.t0, budget: F.budget(27_000, collectedAt: F.t0), miners: fleet))
        return F.applying(cut.actions, to: fleet, sampledAt: F.at(seconds))
    }

    @Test func budgetStepUpRestoresMostEfficientFirstWithinTheBudget() {
        var machine = F.machine()
        let miners = Self.afterStepDown(&machine, readAt: 700)
        let decision = machine.decide(
            BalancerInput(now: F.at(700), budget: F.budget(40_000, collectedAt: F.at(700)), miners: miners))
        #expect(decision.verifications.count == 2)
        #expect(decision.verifications.allSatisfy { $0.result == .verified })
        #expect(decision.status.phase == .restoring)
        #expect(decision.actions.count == 10)
        #expect(decision.actions.first { $0.minerID == MinerRecord.ID(10) }?.command == .wake)
        #expect(decision.actions.first { $0.minerID == MinerRecord.ID(9) }?.command == .setPowerTarget(Watts(3500)))
        #expect(decision.status.planned == Watts(34_500))
        #expect(decision.status.planned <= Watts(40_000))
    }

    @Test func restoresComeInBatches() {
        var machine = F.machine(batch: 3)
        let miners = Self.afterStepDown(&machine, readAt: 700)
        let decision = machine.decide(
            BalancerInput(now: F.at(700), budget: F.budget(40_000, collectedAt: F.at(700)), miners: miners))
        #expect(decision.actions.map(\.minerID) == [1, 2, 3].map { MinerRecord.ID($0) })
    }

    @Test func restoreFillsOnlyWhatTheBudgetAllows() {
        var machine = F.machine(deadband: 0)
        let miners = [
            F.continuous(1, draw: 2000, max: 5000, efficiency: 30),
            F.continuous(2, draw: 2000, max: 5000, efficiency: 40),
        ]
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(5500, collectedAt: F.t0), miners: miners))
        #expect(decision.actions.map(\.minerID) == [MinerRecord.ID(1)])
        #expect(decision.actions.first?.command == .setPowerTarget(Watts(3500)))
        #expect(decision.status.planned == Watts(5500))
    }

    @Test func ladderRestoreStopsAtTheHighestTunedPresetNeverStock() {
        var machine = F.machine(deadband: 0)
        let miner = F.ladder(1, current: "1100", draw: 1100)
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(10_000, collectedAt: F.t0), miners: [miner]))
        #expect(decision.actions.map(\.command) == [.selectPreset("1500")])
    }

    @Test func sleepOnlyFleetWakesMostEfficientFirstWhenItFits() {
        var machine = F.machine()
        let fleet = (1...5).map { F.sleepOnly(Int64($0), draw: 3000, efficiency: Double(29 + $0)) }
        let cut = machine.decide(BalancerInput(now: F.t0, budget: F.budget(10_000, collectedAt: F.t0), miners: fleet))
        let slept = F.applying(cut.actions, to: fleet, sampledAt: F.at(700))
        let decision = machine.decide(
            BalancerInput(now: F.at(700), budget: F.budget(14_000, collectedAt: F.at(700)), miners: slept))
        #expect(decision.actions.map(\.minerID) == [MinerRecord.ID(3), MinerRecord.ID(4)])
        #expect(decision.actions.allSatisfy { $0.command == .wake && $0.expectedWatts == Watts(3000) })
        #expect(decision.status.planned <= Watts(14_000))
    }

    @Test func cooldownIsRespectedForRestores() {
        var machine = F.machine(deadband: 0)
        let fleet = [
            F.continuous(1, draw: 2000, max: 5000, efficiency: 30),
            F.continuous(2, draw: 2000, max: 5000, efficiency: 40),
        ]
        let first = machine.decide(BalancerInput(now: F.t0, budget: F.budget(5500, collectedAt: F.t0), miners: fleet))
        var miners = F.applying(first.actions, to: fleet, sampledAt: F.at(60))
        // A minute later there is room for both, but #1 is cooling down.
        let second = machine.decide(
            BalancerInput(now: F.at(60), budget: F.budget(9000, collectedAt: F.at(60)), miners: miners))
        #expect(second.actions.map(\.minerID) == [MinerRecord.ID(2)])
        #expect(second.status.cooling == 1)
        miners = F.applying(second.actions, to: miners, sampledAt: F.at(120))
        let third = machine.decide(
            BalancerInput(now: F.at(120), budget: F.budget(20_000, collectedAt: F.at(120)), miners: miners))
        #expect(third.actions.isEmpty)
        #expect(third.status.phase == .holding)
        // Past #1's cooldown (600 s after t0) it may move again.
        let fourth = machine.decide(
            BalancerInput(now: F.at(601), budget: F.budget(20_000, collectedAt: F.at(601)), miners: miners))
        #expect(fourth.actions.map(\.minerID) == [MinerRecord.ID(1)])
    }

    @Test func emergencyCutsIgnoreCooldown() {
        var machine = F.machine(deadband: 0)
        let fleet = [
            F.continuous(1, draw: 2000, max: 5000, efficiency: 30),
            F.continuous(2, draw: 2000, max: 5000, efficiency: 40),
        ]
        let first = machine.decide(BalancerInput(now: F.t0, budget: F.budget(5500, collectedAt: F.t0), miners: fleet))
        var miners = F.applying(first.actions, to: fleet, sampledAt: F.at(60))
        let second = machine.decide(
            BalancerInput(now: F.at(60), budget: F.budget(9000, collectedAt: F.at(60)), miners: miners))
        miners = F.applying(second.actions, to: miners, sampledAt: F.at(120))
        // Both changed in the last 10 minutes; the budget falls to 4 kW: cut at once anyway.
        let cut = machine.decide(
            BalancerInput(now: F.at(120), budget: F.budget(4000, collectedAt: F.at(120)), miners: miners))
        #expect(cut.status.phase == .reducing)
        #expect(cut.actions.count == 2)
        #expect(cut.actions.allSatisfy { $0.overridesCooldown && $0.direction == .cut })
        #expect(cut.status.planned <= Watts(4000))
    }

    @Test func emergencyPrefersMinersOutOfCooldown() {
        var machine = F.machine(deadband: 0)
        let fleet = [
            F.continuous(1, draw: 2000, max: 5000, efficiency: 40),
            F.continuous(2, draw: 3000, max: 3000, efficiency: 35),
        ]
        let first = machine.decide(BalancerInput(now: F.t0, budget: F.budget(5500, collectedAt: F.t0), miners: fleet))
        #expect(first.actions.map(\.minerID) == [MinerRecord.ID(1)])
        let miners = F.applying(first.actions, to: fleet, sampledAt: F.at(60))
        // #1 is less efficient but cooling: #2 covers the gap alone.
        let cut = machine.decide(
            BalancerInput(now: F.at(60), budget: F.budget(5000, collectedAt: F.at(60)), miners: miners))
        #expect(cut.actions.map(\.minerID) == [MinerRecord.ID(2)])
        #expect(cut.actions.allSatisfy { !$0.overridesCooldown })
    }
}
