import Foundation
import HiveProtocols
import Testing

@testable import HiveHost

@Suite("Grafana dashboard")
struct WebDashboardFileTests {
    /// The shipped dashboard is valid JSON and only queries metrics `/metrics` exposes.
    @Test func dashboardQueriesExistingMetrics() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/grafana/powerhive-dashboard.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let json = try TolerantJSONReader.parse(text)
        let panels = try #require(json["panels"]?.array)
        #expect(panels.count >= 10)
        let known = HostMetrics.reservedNames
        let pattern = try NSRegularExpression(pattern: "powerhive_[a-z_]+")
        var checked = 0
        for panel in panels {
            for target in panel["targets"]?.array ?? [] {
                let expr = target["expr"]?.string ?? ""
                for match in pattern.matches(in: expr, range: NSRange(expr.startIndex..., in: expr)) {
                    guard let range = Range(match.range, in: expr) else { continue }
                    var name = String(expr[range])
                    for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                        name.removeLast(suffix.count)
                    }
                    #expect(known.contains(name), "\(name) in \(panel["title"]?.string ?? "?")")
                    checked += 1
                }
            }
        }
        #expect(checked > 15)
    }
}
