import HiveHost

/// Renders `powerhive db stats`.
enum StatsText {
    static func render(_ stats: StorageStats, path: String, daysCovered: Double? = nil) -> String {
        var rows = [["TABLE", "ROWS", "BYTES", "BYTES/DAY"]]
        for table in stats.tables.sorted(by: { ($0.bytes ?? 0) > ($1.bytes ?? 0) }) {
            let perDay = daysCovered.flatMap { days in table.bytes.map { bytes(Int(Double($0) / max(days, 1.0 / 24))) }
            }
            rows.append([table.name, "\(table.rows)", table.bytes.map(bytes) ?? "–", perDay ?? "–"])
        }
        return Table.render(rows)
            + "\n\n\(path): \(bytes(stats.totalBytes)) in total, \(bytes(stats.freeBytes)) free pages"
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
}
