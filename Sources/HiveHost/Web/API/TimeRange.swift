import Foundation
import HiveProtocols

/// A `from..<to` window from query parameters: `range` (`1h`, `24h`, `7d`, `30d`, or any
/// `<n>m|h|d`) ending now, or explicit `from` / `to` (ISO 8601 or Unix milliseconds).
struct TimeRange: Sendable, Hashable {
    var from: UnixMillis
    var to: UnixMillis

    /// Longest window accepted.
    static let maxSpanMs: Int64 = 400 * 86_400_000

    init(from: UnixMillis, to: UnixMillis) {
        self.from = from
        self.to = to
    }

    /// Parses the parameters, defaulting to the last `defaultRange`.
    init(_ parameters: [String: String], now: UnixMillis, defaultRange: String = "24h") throws(APIError) {
        var end = now.adding(milliseconds: 1)
        if let text = parameters["to"] { end = try Self.instant(text, field: "to") }
        if let text = parameters["from"] {
            from = try Self.instant(text, field: "from")
        } else {
            let span = try Self.span(parameters["range"] ?? defaultRange, field: "range")
            from = end.adding(milliseconds: -span)
        }
        to = end
        guard from < to else { throw .invalid("from", "must be before to") }
        guard to.rawValue - from.rawValue <= Self.maxSpanMs else { throw .invalid("range", "at most 400 days") }
    }

    /// `30m`, `1h`, `24h`, `7d`… in milliseconds.
    static func span(_ text: String, field: String) throws(APIError) -> Int64 {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0, count <= 100_000 else {
            throw .invalid(field, "like 1h, 24h, 7d or 30d")
        }
        switch unit {
        case "m": return count * 60_000
        case "h": return count * 3_600_000
        case "d": return count * 86_400_000
        default: throw .invalid(field, "like 1h, 24h, 7d or 30d")
        }
    }

    /// An ISO 8601 instant or Unix milliseconds.
    static func instant(_ text: String, field: String) throws(APIError) -> UnixMillis {
        if let ms = Int64(text) { return UnixMillis(ms) }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        guard let date = withFraction.date(from: text) ?? plain.date(from: text) else {
            throw .invalid(field, "an ISO 8601 time or Unix milliseconds")
        }
        return UnixMillis(date)
    }
}
