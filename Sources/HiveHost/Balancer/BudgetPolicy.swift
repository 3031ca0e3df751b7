public import HiveProtocols

/// How the fleet's budget is computed from the plant reading: a pure function, in watts.
///
/// - `generation` (default): generation × (1 − `safetyMargin`) − `otherLoad`.
/// - `available`: the reading's direct available-power field × (1 − `safetyMargin`).
/// - a `fixedCap`, when set, replaces the plant figure entirely (and never goes stale).
/// - an active ``BudgetOverride`` replaces all of the above until it expires.
///
/// The result is never negative. A missing or unusable reading gives ``BudgetSignal/unavailable(_:)``;
/// staleness is judged by the balancer from ``Budget/dataTime``.
public struct BudgetPolicy: Sendable, Hashable, Codable {
    /// Which plant figure the budget follows.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Total generation.
        case generation
        /// A direct available-power field.
        case available
    }

    /// The plant figure followed.
    public var source: Source
    /// Fraction of the plant figure kept in reserve, 0…0.9.
    public var safetyMargin: Double
    /// Other site load subtracted from generation.
    public var otherLoad: Watts
    /// A fixed cap used instead of the plant figure.
    public var fixedCap: Watts?

    /// Creates a policy.
    public init(
        source: Source = .generation, safetyMargin: Double = 0.05, otherLoad: Watts = .zero, fixedCap: Watts? = nil
    ) {
        self.source = source
        self.safetyMargin = min(max(safetyMargin, 0), 0.9)
        self.otherLoad = otherLoad
        self.fixedCap = fixedCap
    }

    /// The budget at `now` from the newest usable plant reading (`nil` when there is none) and
    /// any override.
    /// - Parameter latestProblem: why the newest attempt was not usable, when it was not
    ///   (shown in the budget's detail so an operator sees why the data is getting old).
    public func budget(
        reading: PlantReadingRecord?, override: BudgetOverride?, now: UnixMillis, latestProblem: String? = nil
    ) -> BudgetSignal {
        if let override, override.isActive(at: now) {
            return .budget(
                Budget(
                    watts: override.watts, basis: .override,
                    detail: "override by \(override.setBy) until \(override.expiresAt)"
                        + (override.reason.map { ": \($0)" } ?? "")))
        }
        if let fixedCap {
            return .budget(Budget(watts: fixedCap, basis: .fixedCap, detail: "fixed cap \(fixedCap)"))
        }
        let note = latestProblem.map { "; newest reading: \($0)" } ?? ""
        guard let reading, reading.outcome == .usable, let sample = reading.sample, let dataTime = reading.dataTime
        else {
            return .unavailable("no usable plant reading" + note)
        }
        let keep = 1 - safetyMargin
        switch source {
        case .generation:
            guard let generation = sample.generation else {
                return .unavailable("the plant reading has no generation figure" + note)
            }
            let watts = Watts(generation.value * keep - otherLoad.value)
            return .budget(
                Budget(
                    watts: watts, basis: .plantGeneration, dataTime: dataTime,
                    detail: "generation \(generation) × \(Self.percent(keep)) − other load \(otherLoad)" + note))
        case .available:
            guard let available = sample.available else {
                return .unavailable("the plant reading has no available-power field" + note)
            }
            return .budget(
                Budget(
                    watts: Watts(available.value * keep), basis: .plantAvailable, dataTime: dataTime,
                    detail: "available \(available) × \(Self.percent(keep))" + note))
        }
    }

    private static func percent(_ fraction: Double) -> String {
        "\((fraction * 1000).rounded() / 10) %"
    }
}
