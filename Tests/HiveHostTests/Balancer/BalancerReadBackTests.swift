import HiveHost
import HiveProtocols
import Testing

/// Read-back after the settle time, driver outcomes, bounded retries.
@Suite("Balancer: read-back")
struct BalancerReadBackTests {
    typealias F = BalancerFixtures

    /// One continuous miner cut from 3000 W to 2000 W at t0 (settle 60 s), no deadband.
    static func cutOne(_ machine: inout BalancerStateMachine) -> (BalancerMiner, BalancerAction?) {
        machine = F.machine(deadband: 0)
        let miner = F.continuous(1, draw: 3000, efficiency: 30)
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(2000, collectedAt: F.t0), miners: [miner]))
        return (miner, decision.actions.first)
    }

    @Test func aChangeIsVerifiedFromTheFirstSampleAfterItsSettleTime() throws {
        var machine = F.machine()
        let (miner, cut) = Self.cutOne(&machine)
        let action = try #require(cut)
        #expect(action.command == .setPowerTarget(Watts(2000)))
        machine.record(.outcome(.verified("2000 W")), for: action, at: F.at(1))
        let settled = F.applying([action], to: [miner], sampledAt: F.at(61))
        #expect(machine.readBackDue(at: F.at(61)) == [miner.id])
        let next = machine.decide(
            BalancerInput(now: F.at(61), budget: F.budget(2000, collectedAt: F.at(61)), miners: settled))
        #expect(next.verifications.map(\.result) == [.verified])
        #expect(next.verifications.first?.observedDelta == Watts(-1000))
        #expect(machine.state.pendingChanges.isEmpty)
    }

    @Test func unchangedReadBackIsNotAppliedAndAChangedBackOneIsReverted() throws {
        for acknowledged in [false, true] {
            var machine = F.machine()
            let (miner, cut) = Self.cutOne(&machine)
            let action = try #require(cut)
            if acknowledged { machine.record(.outcome(.verified("2000 W")), for: action, at: F.at(1)) }
            var unchanged = miner
            unchanged.sampledAt = F.at(61)
            let next = machine.decide(
                BalancerInput(now: F.at(61), budget: F.budget(2000, collectedAt: F.at(61)), miners: [unchanged]))
            #expect(next.verifications.map(\.result) == [acknowledged ? .reverted : .notApplied])
            #expect(machine.state.ledgers[miner.id]?.failures == 1)
        }
    }

    @Test func aTuningMinerGetsMoreTimeBeforeItsReadBack() throws {
        var machine = F.machine()
        let (miner, cut) = Self.cutOne(&machine)
        let action = try #require(cut)
        var tuning = miner
        tuning.state = .tuning
        tuning.sampledAt = F.at(61)
        let next = machine.decide(
            BalancerInput(now: F.at(61), budget: F.budget(2000, collectedAt: F.at(61)), miners: [tuning]))
        #expect(next.verifications.isEmpty)
        #expect(machine.state.ledgers[miner.id]?.pending?.settlesAt == F.at(121))
        _ = action
    }

    @Test func noReadBackWithinTheGraceCountsAsNotApplied() {
        var machine = F.machine()
        let (miner, _) = Self.cutOne(&machine)
        var unreachable = miner
        unreachable.reachable = false
        let next = machine.decide(
            BalancerInput(now: F.at(361), budget: F.budget(2000, collectedAt: F.at(361)), miners: [unreachable]))
        #expect(next.verifications.map(\.result) == [.notApplied])
    }

    @Test func aRejectedCommandIsNoLongerPendingAndCountsAsAFailure() throws {
        var machine = F.machine()
        let (miner, cut) = Self.cutOne(&machine)
        let action = try #require(cut)
        machine.record(.outcome(CommandOutcome(result: .rejected, detail: "no")), for: action, at: F.at(1))
        #expect(machine.state.pendingChanges.isEmpty)
        #expect(machine.state.ledgers[miner.id]?.failures == 1)
    }

    @Test func repeatedFailuresSetTheMinerAsideThenReleaseIt() throws {
        var machine = F.machine()
        let miners = [
            F.continuous(1, draw: 3000, efficiency: 50), F.continuous(2, draw: 3000, policy: MinerPolicy(locked: true)),
        ]
        for cycle in 0..<3 {
            let now = F.at(Double(cycle * 60))
            let decision = machine.decide(
                BalancerInput(now: now, budget: F.budget(5000, collectedAt: now), miners: miners))
            // Over budget: cut again despite the cooldown, until the retries run out.
            let action = try #require(decision.actions.first { $0.minerID == MinerRecord.ID(1) })
            #expect(action.overridesCooldown == (cycle > 0))
            machine.record(.failed("timed out"), for: action, at: now)
        }
        let now = F.at(180)
        let decision = machine.decide(BalancerInput(now: now, budget: F.budget(5000, collectedAt: now), miners: miners))
        #expect(decision.status.quarantined == 1)
        #expect(decision.actions.isEmpty)
        #expect(decision.status.phase == .infeasible)
        let later = F.at(120 + 3601)
        let released = machine.decide(
            BalancerInput(now: later, budget: F.budget(5000, collectedAt: later), miners: miners))
        #expect(released.status.quarantined == 0)
        #expect(released.actions.map(\.minerID) == [MinerRecord.ID(1)])
    }

    @Test func aDriverSettleTimeReplacesTheControlsOne() throws {
        var machine = F.machine()
        let (_, cut) = Self.cutOne(&machine)
        let action = try #require(cut)
        machine.record(.outcome(CommandOutcome(result: .pending, settleSeconds: 300)), for: action, at: F.at(2))
        #expect(machine.state.pendingChanges.first?.settlesAt == F.at(302))
    }
}
