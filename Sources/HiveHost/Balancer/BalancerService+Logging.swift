import HiveProtocols
import Logging

extension BalancerService {
    /// One line per cycle; the fail-safe's start and end at error / notice level.
    func log(
        _ decision: BalancerDecision, previous: BalancerStatus?, executed: [BalancerCycleReport.Executed],
        duration: Duration
    ) {
        let status = decision.status
        if status.phase == .failSafe, previous?.phase != .failSafe {
            logger.error("balancer FAIL-SAFE: \(status.reason)")
        } else if previous?.phase == .failSafe, status.phase != .failSafe {
            logger.notice("balancer fail-safe ended: \(status.reason)")
        }
        if status.phase == .infeasible, previous?.phase != .infeasible {
            logger.error("balancer cannot meet the budget: \(status.reason)")
        }
        var line = "balancer cycle completed in \(CycleReport.seconds(duration)) s: \(status)"
        let cuts = decision.cuts.count
        let restores = decision.restores.count
        switch decision.mode {
        case .active:
            let failed = executed.filter {
                if case .outcome(let outcome) = $0.result {
                    return outcome.result == .rejected || outcome.result == .notApplied
                }
                return true
            }.count
            line += "; sent \(cuts) cuts, \(restores) restores (\(failed) failed)"
        case .dryRun:
            line += "; dry run: would send \(cuts) cuts, \(restores) restores"
        case .monitoringOnly:
            line += "; monitoring only"
        }
        if !decision.verifications.isEmpty {
            let verified = decision.verifications.filter { $0.result == .verified }.count
            line += "; read back \(decision.verifications.count) (\(verified) verified)"
        }
        let metadata: Logger.Metadata = ["phase": "\(status.phase.rawValue)", "mode": "\(decision.mode.rawValue)"]
        if decision.mode == .dryRun {
            for action in decision.actions { logger.info("balancer dry run: \(action)") }
        }
        logger.info("\(line)", metadata: metadata)
    }
}
