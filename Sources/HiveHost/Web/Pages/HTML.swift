import Foundation

/// Small helpers for server-rendered HTML: every value that did not come from this file is
/// escaped with ``escape(_:)`` (or an ``attr(_:)`` wrapper) before it reaches the page.
enum HTML {
    /// Escapes text for element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// `text` escaped, or an en dash for a missing value.
    static func text(_ value: String?) -> String { value.map(escape) ?? "–" }

    /// A number with `digits` decimals, or an en dash.
    static func number(_ value: Double?, digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    /// Hash rate in TH/s (PH/s from 1000 TH/s up).
    static func hashrate(_ hashesPerSecond: Double?) -> String {
        guard let value = hashesPerSecond, value.isFinite else { return "–" }
        let th = value / 1e12
        return th >= 1000 ? "\(number(th / 1000, digits: 2)) PH/s" : "\(number(th, digits: 2)) TH/s"
    }

    /// Power in W, kW from 10 kW, MW from 10 MW.
    static func power(_ watts: Double?) -> String {
        guard let value = watts, value.isFinite else { return "–" }
        if abs(value) >= 10_000_000 { return "\(number(value / 1e6, digits: 2)) MW" }
        if abs(value) >= 10_000 { return "\(number(value / 1e3, digits: 1)) kW" }
        return "\(number(value, digits: 0)) W"
    }

    /// A time as `YYYY-MM-DD HH:MM:SS UTC`.
    static func time(_ time: UnixMillis?) -> String {
        guard let time else { return "–" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: time.date) + " UTC"
    }

    /// "12 s ago", "5 min ago", "3 h ago", "2 d ago".
    static func age(_ time: UnixMillis?, now: UnixMillis) -> String {
        guard let time else { return "never" }
        let seconds = max(0, (now.rawValue - time.rawValue) / 1000)
        if seconds < 120 { return "\(seconds) s ago" }
        if seconds < 7200 { return "\(seconds / 60) min ago" }
        if seconds < 172_800 { return "\(seconds / 3600) h ago" }
        return "\(seconds / 86_400) d ago"
    }
}
