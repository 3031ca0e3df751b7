import HiveHost
import HiveProtocols
import Testing

/// Budget steps down: which miners are cut, with which tool, and what is never chosen.
@Suite("Balancer: cuts")
struct BalancerCutTests {
    typealias F = BalancerFixtures

    /// Ten continuous miners, 30 (best) … 39 (worst) J/TH, 3 kW each.
    static let continuousFleet = (1...10).map { F.continuous(Int64($0), draw: 3000, efficiency: Double(29 + $0)) }

    @Test func budgetStepDownSleepsTheWorstAndTrimsTheNext() {
        var machine = F.machine()
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(27_000, collectedAt: F.t0), miners: Self.continuousFleet))
        #expect(decision.status.phase == .reducing)
        // Need = 30 kW − (27 kW − 1 kW half-deadband) = 4 kW: sleep #10 (2980 W), trim #9 by 1100 W.
        #expect(decision.actions.map(\.minerID) == [MinerRecord.ID(9), MinerRecord.ID(10)])
        #expect(decision.actions.first { $0.minerID == MinerRecord.ID(10) }?.command == .sleep)
        #expect(decision.actions.first { $0.minerID == MinerRecord.ID(9) }?.command == .setPowerTarget(Watts(1900)))
        #expect(decision.status.planned == Watts(25_920))
        #expect(decision.status.planned <= Watts(27_000))
        #expect(decision.actions.allSatisfy { $0.direction == .cut && !$0.overridesCooldown })
    }

    @Test func ladderCutsToATunedPresetNeverStockUnknownUntunedOrModded() {
        var machine = F.machine(deadband: 0)
        let miner = F.ladder(1, current: "disabled", draw: 3250, canSleep: false)
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(2000, collectedAt: F.t0), miners: [miner]))
        #expect(decision.actions.count == 1)
        #expect(decision.actions.first?.command == .selectPreset("1500"))
        #expect(decision.actions.first?.from == .preset("disabled"))
        #expect(decision.status.planned == Watts(1500))
    }

    @Test(arguments: [500.0, 1000.0, 1099.0])
    func disabledIsNeverChosenAsALowerStep(budget: Double) {
        var machine = F.machine(deadband: 0)
        let miner = F.ladder(1, current: "1100", draw: 1100, canSleep: false)
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(budget, collectedAt: F.t0), miners: [miner]))
        #expect(decision.actions.isEmpty)
        #expect(decision.status.phase == .infeasible)
        #expect(decision.status.minimum == Watts(1100))
    }

    @Test func aLadderMinerThatCanSleepSleepsWhenBelowItsLowestPreset() {
        var machine = F.machine(deadband: 0)
        let miner = F.ladder(1, current: "1100", draw: 1100)
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(500, collectedAt: F.t0), miners: [miner]))
        #expect(decision.actions.map(\.command) == [.sleep])
    }

    @Test func policyCanAllowUntunedAndModdedPresets() {
        var machine = F.machine(deadband: 0)
        let policy = MinerPolicy(allowUntunedPresets: true, allowModdedPSU: true)
        let miner = F.ladder(1, current: "disabled", draw: 3250, canSleep: false, policy: policy)
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(2000, collectedAt: F.t0), miners: [miner]))
        #expect(decision.actions.first?.command == .selectPreset("1900"))
    }

    @Test func policyMinimumBoundsTheLadder() {
        var machine = F.machine(deadband: 0)
        let miner = F.ladder(
            1, current: "1500", draw: 1500, canSleep: false, policy: MinerPolicy(minWatts: Watts(1200)))
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(1000, collectedAt: F.t0), miners: [miner]))
        #expect(decision.actions.first?.command == .selectPreset("1300"))
        #expect(decision.status.phase == .infeasible)
    }

    @Test func sleepOnlyFleetSleepsWorstFirstAndOvershootsRatherThanStayOver() {
        var machine = F.machine()
        let fleet = (1...5).map { F.sleepOnly(Int64($0), draw: 3000, efficiency: Double(29 + $0)) }
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(10_000, collectedAt: F.t0), miners: fleet))
        #expect(decision.actions.map(\.minerID) == [3, 4, 5].map { MinerRecord.ID($0) })
        #expect(decision.actions.allSatisfy { $0.command == .sleep })
        #expect(decision.status.planned == Watts(15_000 - 3 * 2970))
    }

    @Test func controlsThatInterruptHashingAreUsedLast() {
        var machine = F.machine(deadband: 0)
        // The ladder miner is far less efficient, but re-tuning it stops hashing: trim the
        // continuous one first.
        let miners = [
            F.continuous(1, draw: 3000, efficiency: 30), F.ladder(2, current: "1500", draw: 1500, efficiency: 60),
        ]
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(4000, collectedAt: F.t0), miners: miners))
        #expect(decision.actions.map(\.minerID) == [MinerRecord.ID(1)])
        #expect(decision.actions.first?.command == .setPowerTarget(Watts(2500)))
    }

    @Test func interruptingTrimComesBeforeOvershootingWithSleep() {
        var machine = F.machine(deadband: 0)
        let miners = [F.ladder(1, current: "1500", draw: 1500, efficiency: 40)]
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(1400, collectedAt: F.t0), miners: miners))
        #expect(decision.actions.first?.command == .selectPreset("1300"))
    }

    @Test func priorityOutranksEfficiency() {
        var machine = F.machine(deadband: 0)
        let miners = [
            F.continuous(1, draw: 3000, efficiency: 50, policy: MinerPolicy(priority: 5)),
            F.continuous(2, draw: 3000, efficiency: 30),
        ]
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(5000, collectedAt: F.t0), miners: miners))
        #expect(decision.actions.map(\.minerID) == [MinerRecord.ID(2)])
    }

    @Test func unknownEfficiencyIsShedFirst() {
        var machine = F.machine(deadband: 0)
        let miners = [F.continuous(1, draw: 3000, efficiency: 50), F.continuous(2, draw: 3000)]
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(5000, collectedAt: F.t0), miners: miners))
        #expect(decision.actions.map(\.minerID) == [MinerRecord.ID(2)])
    }

    @Test(arguments: [MinerStatus.State.tuning, .starting, .failure, .unknown])
    func minersNotSettledAreNotFlexible(state: MinerStatus.State) {
        var machine = F.machine(deadband: 0)
        let miners = [
            F.continuous(1, draw: 3000, efficiency: 50, state: state), F.continuous(2, draw: 3000, efficiency: 30),
        ]
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(5000, collectedAt: F.t0), miners: miners))
        #expect(decision.actions.map(\.minerID) == [MinerRecord.ID(2)])
        #expect(decision.status.flexible == 1)
    }

    @Test func unmanagedLockedAndUnreachableMinersCountButNeverMove() {
        var machine = F.machine(deadband: 0)
        var unreachable = F.continuous(3, draw: 3000, efficiency: 90)
        unreachable.reachable = false
        let miners = [
            F.continuous(1, draw: 3000, efficiency: 90, policy: .unmanaged),
            F.continuous(2, draw: 3000, efficiency: 90, policy: MinerPolicy(locked: true)),
            unreachable,
            F.continuous(4, draw: 3000, efficiency: 30),
        ]
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(11_000, collectedAt: F.t0), miners: miners))
        #expect(decision.status.projected == Watts(12_000))
        #expect(decision.actions.map(\.minerID) == [MinerRecord.ID(4)])
    }

    /// An Antminer-stock-like miner: modes low / normal (changing them restarts the miner), sleep.
    static func modes(
        _ id: Int64, current: PowerMode.Kind, draw: Double, canSleep: Bool = true, sleepMode: Bool = false
    )
        -> BalancerMiner
    {
        var modes = [PowerMode(kind: .low, watts: Watts(2437.5)), PowerMode(kind: .normal, watts: Watts(3250))]
        if sleepMode { modes.append(PowerMode(kind: .sleep, watts: Watts(15))) }
        return BalancerMiner(
            id: MinerRecord.ID(id), label: "a\(id)", state: .mining,
            control: PowerControl(
                mechanism: .modes(modes), current: .mode(current), canSleep: canSleep, sleepPower: Watts(15),
                settleSeconds: 60, interruptsHashing: true),
            draw: Watts(draw), sampledAt: F.t0)
    }

    @Test func modesFleetStepsToLowThenSleeps() {
        var machine = F.machine(deadband: 0)
        let small = machine.decide(
            BalancerInput(
                now: F.t0, budget: F.budget(3000, collectedAt: F.t0),
                miners: [Self.modes(1, current: .normal, draw: 3250)]))
        #expect(small.actions.map(\.command) == [.setMode(.low)])
        var other = F.machine(deadband: 0)
        let large = other.decide(
            BalancerInput(
                now: F.t0, budget: F.budget(1000, collectedAt: F.t0),
                miners: [Self.modes(1, current: .normal, draw: 3250)]))
        #expect(large.actions.map(\.command) == [.sleep])
    }

    @Test func aSleepModeIsUsedWhenThereIsNoSleepCommandAndWokenByMode() {
        var machine = F.machine(deadband: 0)
        let miner = Self.modes(1, current: .low, draw: 2437.5, canSleep: false, sleepMode: true)
        let cut = machine.decide(BalancerInput(now: F.t0, budget: F.budget(1000, collectedAt: F.t0), miners: [miner]))
        #expect(cut.actions.map(\.command) == [.setMode(.sleep)])
        var asleep = miner
        asleep.state = .sleeping
        asleep.control?.current = .mode(.sleep)
        asleep.draw = Watts(15)
        asleep.sampledAt = F.at(700)
        let restore = machine.decide(
            BalancerInput(now: F.at(700), budget: F.budget(10_000, collectedAt: F.at(700)), miners: [asleep]))
        #expect(restore.actions.map(\.command) == [.setMode(.low)])
        #expect(restore.actions.first?.expectedWatts == Watts(2437.5))
    }
}
