/// The width of a rollup bucket. Raw values are the bucket length in seconds, stored as-is.
public enum RollupResolution: Int, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Five-minute buckets.
    case fiveMinutes = 300
    /// One-hour buckets.
    case hour = 3600

    /// The bucket length in milliseconds.
    public var milliseconds: Int64 { Int64(rawValue) * 1000 }

    /// The start of the bucket holding `time` (buckets are aligned to the Unix epoch, UTC).
    public func bucket(of time: UnixMillis) -> UnixMillis {
        let width = milliseconds
        let value = time.rawValue
        let floored = value >= 0 ? value / width : -((-value + width - 1) / width)
        return UnixMillis(floored * width)
    }

    /// `5m` or `1h`.
    public var description: String { self == .hour ? "1h" : "5m" }
}
