import Foundation

/// Server-rendered line charts as inline SVG: no script needed to see them. Colours come from
/// the stylesheet (`.s0`…`.s3` classes), so the page's Content-Security-Policy can forbid
/// inline styles.
enum SVGChart {
    /// One line.
    struct Series {
        var label: String
        var points: [(time: Int64, value: Double)]
    }

    static let width = 760.0
    static let height = 200.0
    static let left = 56.0
    static let right = 12.0
    static let top = 10.0
    static let bottom = 24.0

    /// A chart of `series` over `from..<to` (ms); `format` labels the y axis. A gap longer than
    /// `gapMs` breaks the line, so missing data shows as missing.
    static func render(
        title: String, series: [Series], from: Int64, to: Int64, gapMs: Int64, format: (Double) -> String
    ) -> String {
        let values = series.flatMap { $0.points.map(\.value) }.filter(\.isFinite)
        guard var low = values.min(), var high = values.max(), to > from else {
            return
                "<figure class=\"chart\"><figcaption>\(HTML.escape(title))</figcaption><p class=\"muted\">No data in this range.</p></figure>"
        }
        // A flat or nearly flat series gets a range of at least 2 % of its level (and 1 unit), so
        // the line sits mid-chart and the axis labels differ from one another.
        let minimumSpread = max(abs(high) * 0.02, 1)
        if high - low < minimumSpread {
            low -= (minimumSpread - (high - low)) / 2
            high = low + minimumSpread
        }
        var minY = low >= 0 && low < high * 0.5 ? 0 : low - (high - low) * 0.1
        if values.allSatisfy({ $0 >= 0 }) { minY = max(0, minY) }
        let maxY = high + (high - minY) * 0.05
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ t: Int64) -> Double { left + plotW * Double(t - from) / Double(to - from) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - minY) / (maxY - minY)) }
        var svg = "<figure class=\"chart\"><figcaption>\(HTML.escape(title))"
        for (index, line) in series.enumerated() {
            svg += " <span class=\"key s\(index % 4)\">\(HTML.escape(line.label))</span>"
        }
        svg +=
            "</figcaption><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        for step in 0...4 {
            let value = minY + (maxY - minY) * Double(step) / 4
            let py = y(value)
            svg += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(py))\" y2=\"\(f(py))\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(f(left - 4))\" y=\"\(f(py + 4))\" text-anchor=\"end\">\(HTML.escape(format(value)))</text>"
        }
        for step in 0...4 {
            let t = from + (to - from) * Int64(step) / 4
            let anchor = step == 0 ? "start" : (step == 4 ? "end" : "middle")
            svg +=
                "<text class=\"axis\" x=\"\(f(x(t)))\" y=\"\(f(height - 6))\" text-anchor=\"\(anchor)\">\(timeLabel(t, span: to - from))</text>"
        }
        for (index, line) in series.enumerated() {
            var path = ""
            var previous: Int64?
            for point in line.points where point.value.isFinite {
                let command = previous.map { point.time - $0 > gapMs } ?? true ? "M" : "L"
                path += "\(command)\(f(x(point.time))) \(f(y(point.value)))"
                previous = point.time
            }
            if !path.isEmpty { svg += "<path class=\"line s\(index % 4)\" d=\"\(path)\"/>" }
        }
        return svg + "</svg></figure>"
    }

    /// `HH:mm` for spans up to two days, else `MM-dd`.
    static func timeLabel(_ ms: Int64, span: Int64) -> String {
        let seconds = ms / 1000
        let day = seconds / 86_400
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        if span <= 2 * 86_400_000 {
            return String(format: "%02d:%02d", Int(secondOfDay / 3600), Int(secondOfDay % 3600 / 60))
        }
        let (_, month, dayOfMonth) = civil(fromDays: day)
        return String(format: "%02d-%02d", month, dayOfMonth)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
