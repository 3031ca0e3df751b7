import Testing

@testable import HiveHost

@Suite("Metrics: instance id and balancer leadership")
struct HostMetricsInstanceTests {
    @Test("the instance is always named; leadership only where instances share PostgreSQL")
    func instanceAndLeader() throws {
        let metrics = HostMetrics()
        metrics.recordInstance("site-a", leading: nil)
        var text = metrics.emit()
        #expect(text.contains(#"powerhive_instance_info{instance="site-a"} 1"#), "\(text)")
        #expect(!text.contains("powerhive_balancer_leader"), "\(text)")

        metrics.recordInstance("site-a", leading: true)
        text = metrics.emit()
        #expect(text.contains(#"powerhive_balancer_leader{instance="site-a"} 1"#), "\(text)")
        metrics.recordInstance("site-a", leading: false)
        text = metrics.emit()
        #expect(text.contains(#"powerhive_balancer_leader{instance="site-a"} 0"#), "\(text)")
        #expect(text.components(separatedBy: "powerhive_balancer_leader{").count == 2, "one series: \(text)")
    }
}
