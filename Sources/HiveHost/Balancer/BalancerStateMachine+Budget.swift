import HiveProtocols

/// The budget the balancer works to this cycle, after the staleness check.
struct BudgetResolution: Sendable {
    enum Target: Sendable {
        /// No usable budget yet, still within the grace period after start.
        case waiting(String)
        /// A usable budget.
        case normal(Budget)
        /// The fail-safe, with its level (`nil`: sleep every managed miner) and reason.
        case failSafe(level: Watts?, reason: String)
    }

    var target: Target
    /// Age of the plant data behind the budget.
    var dataAgeSeconds: Double?
    /// The basis of the budget (or of the last one seen).
    var basis: Budget.Basis?
    /// When the data goes stale (for the service to wake then).
    var staleAt: UnixMillis?
}

extension BalancerStateMachine {
    /// Applies the staleness rule and updates the fail-safe bookkeeping.
    mutating func resolveBudget(_ signal: BudgetSignal, now: UnixMillis) -> BudgetResolution {
        let staleAfter = Int64(configuration.staleAfterSeconds) * 1000
        var resolution: BudgetResolution
        switch signal {
        case .budget(let budget):
            if let dataTime = budget.dataTime {
                let age = Double(now.rawValue - dataTime.rawValue) / 1000
                if now.rawValue - dataTime.rawValue > staleAfter {
                    resolution = BudgetResolution(
                        target: failSafe(
                            "plant data \(Int(age)) s old (limit \(configuration.staleAfterSeconds) s); \(budget.detail)"
                        ),
                        dataAgeSeconds: age, basis: budget.basis, staleAt: nil)
                } else {
                    resolution = BudgetResolution(
                        target: .normal(budget), dataAgeSeconds: age, basis: budget.basis,
                        staleAt: dataTime.adding(milliseconds: staleAfter + 1))
                }
            } else {
                resolution = BudgetResolution(
                    target: .normal(budget), dataAgeSeconds: nil, basis: budget.basis, staleAt: nil)
            }
        case .unavailable(let reason):
            let since = state.startedAt ?? now
            if state.failSafeSince == nil, now.rawValue - since.rawValue <= staleAfter {
                resolution = BudgetResolution(
                    target: .waiting(reason), dataAgeSeconds: nil, basis: nil,
                    staleAt: since.adding(milliseconds: staleAfter + 1))
            } else {
                resolution = BudgetResolution(target: failSafe(reason), dataAgeSeconds: nil, basis: nil, staleAt: nil)
            }
        }
        switch resolution.target {
        case .failSafe:
            if state.failSafeSince == nil { state.failSafeSince = now }
        case .normal:
            state.failSafeSince = nil
        case .waiting:
            break
        }
        return resolution
    }

    private func failSafe(_ reason: String) -> BudgetResolution.Target {
        .failSafe(level: configuration.failSafeLevel, reason: reason)
    }
}
