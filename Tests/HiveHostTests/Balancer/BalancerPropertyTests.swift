import HiveProtocols
import Testing

@testable import HiveHost

/// Random fleets and budgets from a seeded generator: the plan never exceeds a feasible budget,
/// and an infeasible one brings everything down.
@Suite("Balancer: properties")
struct BalancerPropertyTests {
    typealias F = BalancerFixtures

    /// SplitMix64: small, seeded, the same everywhere.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ p: Double) -> Bool { unit() < p }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
    }

    static func randomMiner(_ id: Int64, _ g: inout Generator) -> BalancerMiner {
        let draw = Double(g.int(800...3600))
        var policy = MinerPolicy(
            managed: !g.chance(0.1), locked: g.chance(0.05), priority: g.int(0...2),
            minWatts: g.chance(0.2) ? Watts(Double(g.int(500...1500))) : nil,
            maxWatts: g.chance(0.2) ? Watts(Double(g.int(2500...4000))) : nil, allowSleep: !g.chance(0.1))
        policy.allowUntunedPresets = g.chance(0.1)
        let state = g.pick([MinerStatus.State.mining, .mining, .mining, .mining, .sleeping, .tuning, .unknown])
        let efficiency = g.chance(0.8) ? Double(g.int(15...45)) : nil
        var miner: BalancerMiner
        switch g.int(0...3) {
        case 0:
            miner = F.continuous(
                id, draw: draw, min: Double(g.int(500...1500)), max: Double(g.int(2500...4000)),
                step: g.pick([1, 5, 50, 100]),
                efficiency: efficiency, state: state, canSleep: g.chance(0.8), sleepPower: g.chance(0.5) ? 20 : nil)
        case 1:
            var presets = (0..<g.int(1...6)).map { index -> PowerPreset in
                let watts: Watts? = g.chance(0.15) ? nil : Watts(Double(g.int(600...3800)))
                return PowerPreset(
                    name: "p\(index)", watts: watts, tuned: !g.chance(0.2), requiresModdedPSU: g.chance(0.1))
            }
            presets.append(PowerPreset(name: "disabled", isStock: true))
            let current = g.pick(presets).name
            miner = F.ladder(
                id, current: current, draw: draw, presets: presets, efficiency: efficiency, state: state,
                canSleep: g.chance(0.7), interrupts: g.chance(0.7))
        case 2:
            miner = F.sleepOnly(
                id, draw: draw, nominal: g.chance(0.5) ? draw : nil, efficiency: efficiency, state: state)
        default:
            let low = Watts(draw * 0.75)
            miner = BalancerMiner(
                id: MinerRecord.ID(id), state: state,
                control: PowerControl(
                    mechanism: .modes([
                        PowerMode(kind: .low, watts: low),
                        PowerMode(kind: .normal, watts: g.chance(0.2) ? nil : Watts(draw)),
                    ]),
                    current: .mode(.normal), canSleep: g.chance(0.6), sleepPower: Watts(10), settleSeconds: 60,
                    interruptsHashing: true),
                draw: Watts(draw), sampledAt: F.t0, efficiency: efficiency)
        }
        if state == .sleeping { miner.draw = Watts(g.chance(0.5) ? 20 : 0) }
        miner.reachable = !g.chance(0.05)
        miner.policy = policy
        return miner
    }

    @Test(arguments: 0..<400)
    func plannedDrawNeverExceedsAFeasibleBudget(seed: Int) {
        var g = Generator(state: UInt64(seed) &* 7919 &+ 17)
        let miners = (0..<g.int(1...40)).map { Self.randomMiner(Int64($0 + 1), &g) }
        let total = miners.reduce(0) { $0 + ($1.draw?.value ?? 0) }
        let budget = total * g.unit() * 1.2
        var machine = F.machine(deadband: Double(g.pick([0, 500, 2000])), batch: g.pick([nil, 1, 5]))
        let decision = machine.decide(
            BalancerInput(now: F.t0, budget: F.budget(budget, collectedAt: F.t0), miners: miners))
        let draws = F.plannedDraws(miners, decision, state: machine.state)
        let planned = draws.values.reduce(0, +)
        #expect(abs(planned - decision.status.planned.value) < 0.001)

        for action in decision.actions {
            let miner = miners.first { $0.id == action.minerID }
            #expect(miner?.policy.managed == true && miner?.policy.locked == false)
            if case .preset(let name) = action.to, case .presets(let presets)? = miner?.control?.mechanism {
                let preset = presets.first { $0.name == name }
                #expect(preset?.isStock == false, "seed \(seed): stock preset chosen")
                #expect(preset?.watts != nil, "seed \(seed): preset with unknown watts chosen")
            }
            if action.direction == .cut { #expect(action.expectedWatts < action.fromWatts) }
            if let max = miner?.policy.maxWatts, action.command != .wake { #expect(action.expectedWatts <= max) }
        }
        if decision.status.minimum.value <= budget {
            #expect(planned <= budget + 0.001, "seed \(seed): planned \(planned) over feasible budget \(budget)")
            #expect(decision.status.phase != .infeasible)
        } else {
            #expect(decision.status.phase == .infeasible, "seed \(seed)")
            let views = machine.makeViews(miners, now: F.t0)
            for view in views where view.canGoDown {
                let minimum = view.minimumDraw.value
                #expect(
                    draws[view.miner.id] ?? 0 <= minimum + 0.001, "seed \(seed): \(view.miner.label) not at its minimum"
                )
            }
        }
        if decision.actions.contains(where: { $0.direction == .restore }) {
            #expect(
                decision.actions.filter { $0.direction == .restore }.count <= machine.configuration.restoreBatchSize
                    ?? 10)
        }
    }

    @Test(arguments: 0..<40)
    func aFleetFollowingAStepBudgetStaysUnderItWheneverFeasible(seed: Int) {
        var g = Generator(state: UInt64(seed) &+ 1000)
        var miners = (0..<30).map { index -> BalancerMiner in
            switch index % 3 {
            case 0: F.continuous(Int64(index + 1), draw: 3000, efficiency: Double(g.int(18...40)))
            case 1:
                F.ladder(Int64(index + 1), current: "1500", draw: 1500, efficiency: Double(g.int(18...40)), settle: 120)
            default: F.sleepOnly(Int64(index + 1), draw: 3200, efficiency: Double(g.int(18...40)))
            }
        }
        var machine = F.machine(deadband: 1000)
        var budget = 80_000.0
        for step in 0..<40 {
            let now = F.at(Double(step * 60))
            if step % 8 == 0 { budget = Double(g.int(5_000...90_000)) }
            let decision = machine.decide(
                BalancerInput(now: now, budget: F.budget(budget, collectedAt: now), miners: miners))
            if decision.status.minimum.value <= budget {
                #expect(decision.status.planned.value <= budget + 0.001, "seed \(seed) step \(step)")
            }
            // The firmware applies every command at once; the next poll sees it.
            miners = F.applying(decision.actions, to: miners, sampledAt: now.adding(milliseconds: 59_000))
            for action in decision.actions { machine.record(.outcome(.verified(nil)), for: action, at: now) }
        }
    }
}
