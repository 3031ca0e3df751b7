/// Count, mean, minimum and maximum of a quantity over a bucket; merges exactly (the mean is
/// weighted by count), so hourly rollups can be built from five-minute ones.
public struct RollupAggregate: Sendable, Hashable {
    /// Values summarised.
    public var count: Int
    /// Their mean.
    public var mean: Double
    /// The smallest.
    public var min: Double
    /// The largest.
    public var max: Double

    /// Creates an aggregate from its fields.
    public init(count: Int, mean: Double, min: Double, max: Double) {
        self.count = count
        self.mean = mean
        self.min = min
        self.max = max
    }

    /// Summarises the finite values; `nil` when there are none.
    public init?(_ values: some Sequence<Double>) {
        var count = 0
        var sum = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite {
            count += 1
            sum += value
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        guard count > 0 else { return nil }
        self.init(count: count, mean: sum / Double(count), min: low, max: high)
    }

    /// This aggregate and `other` as one.
    public func merged(with other: RollupAggregate) -> RollupAggregate {
        let total = count + other.count
        guard total > 0 else { return self }
        let mean = (mean * Double(count) + other.mean * Double(other.count)) / Double(total)
        return RollupAggregate(count: total, mean: mean, min: Swift.min(min, other.min), max: Swift.max(max, other.max))
    }

    /// Merges optional aggregates; `nil` when all are `nil`.
    static func merge(_ a: RollupAggregate?, _ b: RollupAggregate?) -> RollupAggregate? {
        guard let a else { return b }
        guard let b else { return a }
        return a.merged(with: b)
    }
}
