public import HiveProtocols

/// The balancer's state as an operator sees it: a phase, its reason, and the figures behind it.
public struct BalancerStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The phase.
    public enum Phase: String, Sendable, Hashable, Codable {
        /// No usable budget yet since start; waiting up to `stale_after_seconds` before the
        /// fail-safe.
        case starting
        /// Draw is within the deadband under the budget.
        case balanced
        /// Over the budget: cutting.
        case reducing
        /// Under the budget by more than the deadband: restoring in batches.
        case restoring
        /// Off target, but every candidate is cooling down, in flight or already at its limit.
        case holding
        /// Plant data stale or unusable: at (or going to) the safe level until fresh data returns.
        case failSafe = "fail_safe"
        /// Over the budget even with every flexible miner at its minimum or asleep.
        case infeasible
    }

    /// The phase.
    public var phase: Phase
    /// Why, in words.
    public var reason: String
    /// The budget in force (the fail-safe level during the fail-safe; `nil` when sleeping all).
    public var budget: Watts?
    /// Where the budget came from.
    public var budgetBasis: Budget.Basis?
    /// Age of the plant data, seconds, when the budget follows the plant.
    public var dataAgeSeconds: Double?
    /// Draw counted before this cycle's actions (pending changes at their expected draw).
    public var projected: Watts
    /// Draw expected after this cycle's actions.
    public var planned: Watts
    /// The lowest draw reachable with every flexible miner at its minimum.
    public var minimum: Watts
    /// Miners the balancer may change now.
    public var flexible: Int
    /// Miners with a change in flight.
    public var pending: Int
    /// Miners in their cooldown.
    public var cooling: Int
    /// Miners set aside after repeated failed changes.
    public var quarantined: Int
    /// Miners whose draw is unknown (counted as zero).
    public var unknownDraw: Int
    /// Since when the fail-safe has been in force.
    public var failSafeSince: UnixMillis?

    /// Creates a status.
    public init(
        phase: Phase, reason: String, budget: Watts?, budgetBasis: Budget.Basis?, dataAgeSeconds: Double?,
        projected: Watts, planned: Watts, minimum: Watts, flexible: Int, pending: Int, cooling: Int,
        quarantined: Int, unknownDraw: Int, failSafeSince: UnixMillis?
    ) {
        self.phase = phase
        self.reason = reason
        self.budget = budget
        self.budgetBasis = budgetBasis
        self.dataAgeSeconds = dataAgeSeconds
        self.projected = projected
        self.planned = planned
        self.minimum = minimum
        self.flexible = flexible
        self.pending = pending
        self.cooling = cooling
        self.quarantined = quarantined
        self.unknownDraw = unknownDraw
        self.failSafeSince = failSafeSince
    }

    /// e.g. `reducing: over budget by 120 kW; budget 4.1 MW, projected 4.22 MW → planned 4.09 MW`.
    public var description: String {
        "\(phase.rawValue): \(reason); budget \(budget.map { "\($0)" } ?? "none"), projected \(projected)"
            + " → planned \(planned)"
    }
}
