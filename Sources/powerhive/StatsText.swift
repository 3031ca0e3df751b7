import HiveHost
import HiveProtocols

/// Renders `powerhive db stats`, as text or JSON.
enum StatsText {
    /// A table per database table (largest first): rows, bytes, and for the time series their
    /// estimated growth per day; then the file's totals.
    static func render(_ stats: StorageStats, path: String) -> String {
        var rows = [["TABLE", "ROWS", "BYTES", "ROWS/DAY", "BYTES/DAY", "SPAN"]]
        for table in stats.tables.sorted(by: { ($0.bytes ?? 0) > ($1.bytes ?? 0) }) {
            let growth = table.growthPerDay
            rows.append([
                table.name, "\(table.rows)", table.bytes.map(bytes) ?? "–",
                growth.map { "\(Int($0.rows.rounded()))" } ?? "–",
                growth?.bytes.map { bytes(Int($0.rounded())) } ?? "–",
                table.timeSpan.map { span($0) } ?? "–",
            ])
        }
        var text = Table.render(rows)
        text += "\n\n\(path): \(bytes(stats.totalBytes)) in total, \(bytes(stats.freeBytes)) free pages"
        if let perDay = stats.bytesPerDay { text += ", growing ≈ \(bytes(Int(perDay.rounded()))) per day" }
        text += "\n(growth per day: the last 24 h of a table that spans a day or more, else its span scaled to a day)"
        return text
    }

    /// The same figures as JSON: `path`, `total_bytes`, `free_bytes`, `bytes_per_day` and
    /// `tables` (`name`, `rows`, `bytes`, `first_ms`, `last_ms`, `rows_per_day`,
    /// `bytes_per_day`; `null` where unknown or not a time series).
    static func json(_ stats: StorageStats, path: String) -> JSONValue {
        let tables: [JSONValue] = stats.tables.map { table in
            let growth = table.growthPerDay
            return .object([
                "name": .string(table.name), "rows": .number(Double(table.rows)),
                "bytes": number(table.bytes.map(Double.init)),
                "first_ms": number(table.timeSpan.map { Double($0.lowerBound.rawValue) }),
                "last_ms": number(table.timeSpan.map { Double($0.upperBound.rawValue) }),
                "rows_per_day": number(growth.map { $0.rows.rounded() }),
                "bytes_per_day": number(growth?.bytes.map { $0.rounded() }),
            ])
        }
        return .object([
            "path": .string(path), "total_bytes": .number(Double(stats.totalBytes)),
            "free_bytes": .number(Double(stats.freeBytes)),
            "bytes_per_day": number(stats.bytesPerDay.map { $0.rounded() }), "tables": .array(tables),
        ])
    }

    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\((value * 10).rounded() / 10) \(units[unit])"
    }

    /// A span as days or hours: "30.0 d", "5.5 h".
    private static func span(_ range: ClosedRange<UnixMillis>) -> String {
        let hours = Double(range.upperBound.rawValue - range.lowerBound.rawValue) / 3_600_000
        return hours >= 48 ? "\((hours / 24 * 10).rounded() / 10) d" : "\((hours * 10).rounded() / 10) h"
    }

    private static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
}
