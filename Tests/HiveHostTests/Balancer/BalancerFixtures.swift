import HiveHost
import HiveProtocols

/// Builders for balancer tests: miners of each power-control kind, budgets and times.
enum BalancerFixtures {
    /// A fixed origin for wall time.
    static let t0 = UnixMillis(1_763_000_000_000)

    /// `t0 + seconds`.
    static func at(_ seconds: Double) -> UnixMillis {
        t0.adding(milliseconds: Int64((seconds * 1000).rounded()))
    }

    /// A fresh plant budget collected at `time`.
    static func budget(_ watts: Double, collectedAt time: UnixMillis) -> BudgetSignal {
        .budget(Budget(watts: Watts(watts), basis: .plantGeneration, dataTime: time, detail: "test"))
    }

    /// A miner with a continuous power target (e.g. Braiins OS / LuxOS), not interrupting hashing.
    static func continuous(
        _ id: Int64, draw: Double, min: Double = 1000, max: Double = 3500, step: Double = 100,
        efficiency: Double? = nil, state: MinerStatus.State = .mining, canSleep: Bool = true,
        sleepPower: Double? = 20, settle: Int = 60, sampledAt: UnixMillis = t0, policy: MinerPolicy = MinerPolicy()
    ) -> BalancerMiner {
        let asleep = state == .sleeping
        return BalancerMiner(
            id: MinerRecord.ID(id), label: "m\(id)", state: state,
            control: PowerControl(
                mechanism: .continuous(min: Watts(min), max: Watts(max), step: Watts(step)),
                current: asleep ? .sleeping : .watts(Watts(draw)), canSleep: canSleep,
                sleepPower: sleepPower.map(Watts.init),
                settleSeconds: settle),
            draw: Watts(asleep ? (sleepPower ?? 20) : draw), sampledAt: sampledAt,
            hashrate: efficiency.map { HashRate.terahashes(draw / $0) }, efficiency: efficiency, policy: policy)
    }

    /// The VNish-like ladder used throughout: tuned 1100/1300/1500, untuned 1700, one preset
    /// with unknown watts, one needing a modded PSU, and `disabled` (stock, full power).
    static let vnishLadder: [PowerPreset] = [
        PowerPreset(name: "1100", watts: Watts(1100), hashrate: .terahashes(55)),
        PowerPreset(name: "1300", watts: Watts(1300), hashrate: .terahashes(62)),
        PowerPreset(name: "1500", watts: Watts(1500), hashrate: .terahashes(68)),
        PowerPreset(name: "1700", watts: Watts(1700), hashrate: .terahashes(72), tuned: false),
        PowerPreset(name: "1900", watts: Watts(1900), requiresModdedPSU: true),
        PowerPreset(name: "mystery", watts: nil),
        PowerPreset(name: "disabled", watts: nil, tuned: false, isStock: true),
    ]

    /// A preset-ladder miner (VNish-like: preset changes interrupt hashing).
    static func ladder(
        _ id: Int64, current: String, draw: Double, presets: [PowerPreset] = vnishLadder, efficiency: Double? = nil,
        state: MinerStatus.State = .mining, canSleep: Bool = true, interrupts: Bool = true, settle: Int = 300,
        sampledAt: UnixMillis = t0, policy: MinerPolicy = MinerPolicy()
    ) -> BalancerMiner {
        BalancerMiner(
            id: MinerRecord.ID(id), label: "v\(id)", state: state,
            control: PowerControl(
                mechanism: .presets(presets), current: .preset(current), canSleep: canSleep, settleSeconds: settle,
                interruptsHashing: interrupts),
            draw: Watts(draw), sampledAt: sampledAt, efficiency: efficiency, policy: policy)
    }

    /// A miner that can only sleep and wake (no trim), e.g. a stock machine without modes.
    static func sleepOnly(
        _ id: Int64, draw: Double, nominal: Double? = nil, efficiency: Double? = nil,
        state: MinerStatus.State = .mining,
        sleepPower: Double? = 30, settle: Int = 30, sampledAt: UnixMillis = t0, policy: MinerPolicy = MinerPolicy()
    ) -> BalancerMiner {
        BalancerMiner(
            id: MinerRecord.ID(id), label: "s\(id)", state: state,
            control: PowerControl(
                mechanism: .none, current: state == .sleeping ? .sleeping : nil, canSleep: true,
                sleepPower: sleepPower.map(Watts.init), settleSeconds: settle),
            draw: Watts(draw), sampledAt: sampledAt, efficiency: efficiency, nominalPower: nominal.map(Watts.init),
            policy: policy)
    }

    /// A machine with default test tuning: 2 kW deadband, 10 min cooldown, 180 s staleness.
    static func machine(
        mode: BalancerMode = .active, deadband: Double = 2000, failSafe: Double? = nil, batch: Int? = nil
    ) -> BalancerStateMachine {
        BalancerStateMachine(
            configuration: .init(
                deadband: Watts(deadband), cooldownSeconds: 600, staleAfterSeconds: 180,
                failSafeLevel: failSafe.map(Watts.init), restoreBatchSize: batch),
            state: BalancerState(mode: mode))
    }

    /// The draw each miner will have once this decision's actions settle.
    static func plannedDraws(
        _ miners: [BalancerMiner], _ decision: BalancerDecision, state: BalancerState
    ) -> [MinerRecord.ID: Double] {
        var draws: [MinerRecord.ID: Double] = [:]
        for miner in miners {
            draws[miner.id] = state.ledgers[miner.id]?.pending?.action.expectedWatts.value ?? miner.draw?.value ?? 0
        }
        for action in decision.actions { draws[action.minerID] = action.expectedWatts.value }
        return draws
    }

    /// The miners as they will read once `actions` have settled, sampled at `time`.
    static func applying(
        _ actions: [BalancerAction], to miners: [BalancerMiner], sampledAt time: UnixMillis
    ) -> [BalancerMiner] {
        miners.map { miner in
            var miner = miner
            miner.sampledAt = time
            guard let action = actions.first(where: { $0.minerID == miner.id }) else { return miner }
            miner.draw = action.expectedWatts
            if action.to == .sleeping {
                miner.state = .sleeping
                if case .continuous = miner.control?.mechanism { miner.control?.current = .sleeping }
                if case .some(.none) = miner.control?.mechanism { miner.control?.current = .sleeping }
            } else {
                miner.state = .mining
                if case .some(.none) = miner.control?.mechanism {
                    miner.control?.current = nil
                } else {
                    miner.control?.current = action.to
                }
            }
            return miner
        }
    }
}
