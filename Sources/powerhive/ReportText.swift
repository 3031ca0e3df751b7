import HiveHost
import HiveProtocols

/// Human-readable rendering of a `MinerReport`.
enum ReportText {
    static func render(_ report: MinerReport) -> String {
        let row = report.row
        var lines = [
            "\(report.ip)  \(row[2]) \(row[3])  driver \(row[5])  firmware \(row[4].isEmpty ? "–" : row[4])",
            "  MAC \(row[1])  serial \(report.identity?.serial ?? "–")  hostname \(report.identity?.hostname ?? "–")",
        ]
        if let status = report.status {
            let target = status.powerTarget.map { "  target \($0)" } ?? ""
            lines.append("  state \(status.state.rawValue)  hashrate \(row[6])  power \(row[7])\(target)")
            let temps = [("board", status.boardTempMax), ("chip", status.chipTempMax)]
                .compactMap { name, value in value.map { "\(name) max \($0)" } }
            let fans = status.fans.map { "\(Int($0.value))" }.joined(separator: "/")
            lines.append("  \(temps.joined(separator: "  "))\(fans.isEmpty ? "" : "  fans \(fans) rpm")")
        }
        for board in report.boards ?? [] {
            let chips =
                "chips \(board.chipsWorking.map(String.init) ?? "?")/\(board.chipsExpected.map(String.init) ?? "?")"
            let rate = board.hashrate.map { "\($0)" } ?? "–"
            let temps = [board.boardTemps.max().map { "board \($0)" }, board.chipTemps.max().map { "chip \($0)" }]
                .compactMap { $0 }.joined(separator: "  ")
            lines.append("  board \(board.index): \(rate)  \(chips)  \(temps)")
        }
        for error in report.errors { lines.append("  ! \(error)") }
        return lines.joined(separator: "\n")
    }
}
