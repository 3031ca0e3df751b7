/// Small text helpers for VNish replies (no Foundation needed).
enum VNishText {
    /// `text` without leading and trailing whitespace.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Whether `text` contains `needle`, ignoring case.
    static func contains(_ text: String, _ needle: String) -> Bool {
        text.lowercased().contains(needle.lowercased())
    }

    /// Seconds of a VNish uptime text, or `nil` when it is not one.
    ///
    /// VNish writes `system.uptime` like the `uptime` command: `"0:02"` (H:MM),
    /// `"10 days, 18:00"`, `"1 day, 0:03"`; this also accepts `"H:MM:SS"`, `"N min"` and
    /// `"N days"` alone. Parts are comma-separated; any part it cannot read makes the whole
    /// text unreadable (`nil`), so a wrong figure is never reported.
    static func uptimeSeconds(_ text: String) -> Int? {
        let parts = text.lowercased().split(separator: ",").map { trimmed(String($0)) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        var total = 0
        for part in parts {
            if part.contains("day") {
                guard let days = leadingInteger(part) else { return nil }
                total += days * 86_400
            } else if part.contains(":") {
                let fields = part.split(separator: ":", omittingEmptySubsequences: false).map {
                    Int(trimmed(String($0)))
                }
                guard fields.count == 2 || fields.count == 3, fields.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
                let numbers = fields.compactMap { $0 }
                guard numbers[1] < 60, numbers.count == 2 || numbers[2] < 60 else { return nil }
                total += numbers[0] * 3600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
            } else if part.contains("min") {
                guard let minutes = leadingInteger(part) else { return nil }
                total += minutes * 60
            } else {
                return nil
            }
        }
        return total
    }

    /// The integer a text starts with (`"10 days"` → 10).
    static func leadingInteger(_ text: String) -> Int? {
        Int(String(trimmed(text).prefix { $0.isASCII && $0.isNumber }))
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\0"
    }
}
