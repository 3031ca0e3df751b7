import Foundation
import HiveProtocols

extension BalanceScenarioReport {
    /// A standalone SVG line chart of budget, consumption and generation (kW) over the run
    /// (minutes), with the script's steps marked.
    public var svg: String {
        let width = 960.0
        let height = 420.0
        let (left, right, top, bottom) = (70.0, 20.0, 40.0, 50.0)
        let series: [(label: String, color: String, value: (Sample) -> Double?)] = [
            ("generation", "#9e9e9e", { $0.generation.value / 1000 }),
            ("budget", "#1565c0", { $0.budget.value / 1000 }),
            ("balancer target", "#7cb342", { $0.balancerBudget.map { $0.value / 1000 } }),
            ("consumption", "#d84315", { $0.consumption.value / 1000 }),
        ]
        let values = samples.flatMap { sample in series.compactMap { $0.value(sample) } }.filter(\.isFinite)
        let maxY = max(1, (values.max() ?? 1) * 1.05)
        let maxT = max(1, Self.seconds(configuration.duration))
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ seconds: Double) -> Double { left + plotW * seconds / maxT }
        func y(_ kilowatts: Double) -> Double { top + plotH * (1 - kilowatts / maxY) }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" \
            font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="20" font-size="15">Balance scenario: \(miners) miners, budget vs consumption</text>

            """
        for step in 0...5 {
            let kilowatts = maxY * Double(step) / 5
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(kilowatts)))\" "
            svg += "y2=\"\(f(y(kilowatts)))\" stroke=\"#eeeeee\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(kilowatts) + 4))\" text-anchor=\"end\">"
            svg += "\(Int(kilowatts.rounded())) kW</text>\n"
        }
        let minutes = Int(maxT / 60)
        for minute in stride(from: 0, through: minutes, by: max(1, minutes / 8)) {
            let px = x(Double(minute * 60))
            svg += "<text x=\"\(f(px))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\">\(minute) min</text>\n"
        }
        for step in configuration.steps {
            let px = x(Self.seconds(step.at))
            svg += "<line x1=\"\(f(px))\" x2=\"\(f(px))\" y1=\"\(f(top))\" y2=\"\(f(height - bottom))\" "
            svg += "stroke=\"#bbbbbb\" stroke-dasharray=\"4 4\"/>\n"
            svg += "<text x=\"\(f(px + 4))\" y=\"\(f(top + 12))\">\(step.name)</text>\n"
        }
        for line in series {
            var path = ""
            for sample in samples {
                guard let value = line.value(sample), value.isFinite else { continue }
                path += "\(path.isEmpty ? "M" : "L")\(f(x(Self.seconds(sample.time)))) \(f(y(value))) "
            }
            if !path.isEmpty {
                svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.5\"/>\n"
            }
        }
        for (index, line) in series.enumerated() {
            let px = left + Double(index) * 150
            svg += "<rect x=\"\(f(px))\" y=\"\(f(height - 18))\" width=\"14\" height=\"4\" fill=\"\(line.color)\"/>"
            svg += "<text x=\"\(f(px + 18))\" y=\"\(f(height - 12))\">\(line.label)</text>\n"
        }
        return svg + "</svg>\n"
    }
}
