public import HiveProtocols

/// The power the fleet may draw, and where that figure comes from.
public struct Budget: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where the figure comes from.
    public enum Basis: String, Sendable, Hashable, Codable {
        /// Plant generation × (1 − safety margin) − other site load.
        case plantGeneration = "plant_generation"
        /// The plant API's direct available-power field × (1 − safety margin).
        case plantAvailable = "plant_available"
        /// A fixed cap from configuration.
        case fixedCap = "fixed_cap"
        /// An operator's override, until it expires.
        case override
    }

    /// The budget (never negative).
    public var watts: Watts
    /// Its basis.
    public var basis: Basis
    /// When the plant data behind it was collected; `nil` for figures that never go stale
    /// (a fixed cap, an override).
    public var dataTime: UnixMillis?
    /// How it was computed, for an operator.
    public var detail: String

    /// Creates a budget.
    public init(watts: Watts, basis: Basis, dataTime: UnixMillis? = nil, detail: String = "") {
        self.watts = Watts(max(0, watts.value))
        self.basis = basis
        self.dataTime = dataTime
        self.detail = detail
    }

    public var description: String { "\(watts) (\(basis.rawValue))" }
}

/// What the budget calculation hands the balancer each cycle.
public enum BudgetSignal: Sendable, Hashable, Codable {
    /// A budget (the balancer still checks its data time against `stale_after_seconds`).
    case budget(Budget)
    /// No usable budget, with the reason (no reading yet, every reading failed or untrusted…).
    case unavailable(String)
}

/// An operator's temporary budget, replacing the computed one until `expiresAt`.
public struct BudgetOverride: Sendable, Hashable, Codable {
    /// The budget to use.
    public var watts: Watts
    /// When it stops applying.
    public var expiresAt: UnixMillis
    /// Who set it (user name).
    public var setBy: String
    /// Why, in the operator's words.
    public var reason: String?

    /// Creates an override.
    public init(watts: Watts, expiresAt: UnixMillis, setBy: String, reason: String? = nil) {
        self.watts = watts
        self.expiresAt = expiresAt
        self.setBy = setBy
        self.reason = reason
    }

    /// Whether it applies at `time`.
    public func isActive(at time: UnixMillis) -> Bool { time < expiresAt }
}
