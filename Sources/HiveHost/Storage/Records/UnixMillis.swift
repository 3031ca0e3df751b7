public import Foundation

/// A point in time as whole milliseconds since 1970-01-01 UTC, the form every storage
/// timestamp takes (an `INTEGER` column in SQLite, a `bigint` in PostgreSQL).
///
/// The store never reads a clock itself: callers pass the time of each observation, so tests
/// can drive time and a late write keeps the moment it describes.
public struct UnixMillis: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch.
    public var rawValue: Int64

    /// Creates a timestamp from milliseconds since the Unix epoch.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Creates a timestamp from milliseconds since the Unix epoch.
    public init(_ milliseconds: Int64) { self.rawValue = milliseconds }

    /// Creates a timestamp from a `Date`, rounded down to the millisecond.
    public init(_ date: Date) {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
        self.rawValue = Int64(exactly: ms) ?? (ms < 0 ? Int64.min : ms > 0 ? Int64.max : 0)
    }

    /// The same instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(rawValue) / 1000) }

    /// This instant moved by `milliseconds`.
    public func adding(milliseconds: Int64) -> UnixMillis { UnixMillis(rawValue &+ milliseconds) }

    /// Orders timestamps chronologically.
    public static func < (lhs: UnixMillis, rhs: UnixMillis) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ISO 8601 form in UTC, with milliseconds.
    public var description: String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
    }
}
