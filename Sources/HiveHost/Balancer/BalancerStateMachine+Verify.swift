import HiveProtocols

extension BalancerStateMachine {
    /// Reads back every change whose settle time has passed, from the first reading taken at or
    /// after that time: the miner's setting (or sleep state) must match the target. A miner still
    /// tuning or starting gets up to `maxSettleExtensions` more settle periods; a miner with no
    /// such reading within `readBackGraceSeconds` counts as not applied. A failure counts toward
    /// the miner's quarantine; a success clears its failures.
    mutating func resolvePending(_ miners: [MinerRecord.ID: BalancerMiner], now: UnixMillis) -> [BalancerVerification] {
        var results: [BalancerVerification] = []
        for id in state.ledgers.keys.sorted() {
            guard var ledger = state.ledgers[id], var pending = ledger.pending, pending.settlesAt <= now else {
                continue
            }
            let action = pending.action
            func conclude(_ result: BalancerVerification.Result, _ detail: String, observed: Watts? = nil) {
                results.append(
                    BalancerVerification(
                        actionID: action.id, minerID: id, result: result, observedDelta: observed, detail: detail,
                        checkedAt: now))
                ledger.pending = nil
                if result == .verified {
                    ledger.failures = 0
                } else {
                    noteFailure(&ledger, now: now)
                }
            }
            guard let miner = miners[id] else {
                conclude(.notApplied, "miner no longer in the fleet")
                state.ledgers[id] = ledger
                continue
            }
            let grace = Int64(configuration.readBackGraceSeconds) * 1000
            guard miner.reachable, let sampled = miner.sampledAt, sampled >= pending.settlesAt else {
                if now.rawValue - pending.settlesAt.rawValue > grace {
                    conclude(
                        .notApplied, "no read-back within \(configuration.readBackGraceSeconds) s of the settle time")
                }
                state.ledgers[id] = ledger
                continue
            }
            if miner.state == .tuning || miner.state == .starting,
                pending.extensions < configuration.maxSettleExtensions
            {
                pending.extensions += 1
                pending.settlesAt = now.adding(milliseconds: Int64(max(1, action.settleSeconds)) * 1000)
                ledger.pending = pending
                state.ledgers[id] = ledger
                continue
            }
            let readBack = Self.describeReadBack(miner)
            if Self.reached(action, miner: miner) {
                let observed = miner.drawMeasured ? miner.draw.map { $0 - action.fromWatts } : nil
                conclude(.verified, "reads back \(readBack)", observed: observed)
            } else if pending.acknowledged {
                conclude(.reverted, "was confirmed, now reads back \(readBack)")
            } else {
                conclude(.notApplied, "reads back \(readBack)")
            }
            state.ledgers[id] = ledger
        }
        return results
    }

    /// Whether the miner shows the action's target.
    static func reached(_ action: BalancerAction, miner: BalancerMiner) -> Bool {
        let current = miner.control?.current
        let asleep = miner.state == .sleeping || current == .sleeping
        if action.to == .sleeping { return asleep }
        if asleep { return false }
        switch action.command {
        case .wake:
            return miner.state == .mining
        case .setPowerTarget(let target):
            guard case .watts(let watts)? = current else { return false }
            return abs(watts.value - target.value) <= max(10, 0.01 * target.value)
        default:
            return current == action.to
        }
    }

    private static func describeReadBack(_ miner: BalancerMiner) -> String {
        let setting = miner.control?.current.map(BalancerAction.describe) ?? "no setting"
        let draw = miner.draw.map { ", \($0)\(miner.drawMeasured ? "" : " (estimated)")" } ?? ""
        return "\(setting), \(miner.state.rawValue)\(draw)"
    }
}
