import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Metrics
import Testing

@testable import HiveHost

@Suite("Web /metrics")
struct WebMetricsTests {
    @Test func metricsParseAndCarryTheFleet() async throws {
        let fixture = try await WebFixture()
        fixture.metrics.record(
            cycle: CycleReport(
                poll: "status", startedAt: fixture.now, elapsed: .milliseconds(840), miners: 3, ok: 1, timedOut: 1,
                failed: 1, unreachable: 1))
        fixture.metrics.recordScan(elapsed: .seconds(4))
        fixture.metrics.recordBalancerAction(outcome: "verified")
        // A swift-metrics counter through the factory, without any global bootstrap.
        Counter(label: "powerhive_demo_events_total", dimensions: [("kind", "test")], factory: fixture.metrics.factory)
            .increment(by: 2)
        // A clash with a reserved name is renamed instead of crashing the registry.
        Counter(label: "powerhive_miner_up", factory: fixture.metrics.factory).increment()
        fixture.loops.register("status", interval: .seconds(60))
        fixture.loops.tick("status")
        try await fixture.test { client in
            let response = try await client.get("/metrics", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let parsed = try PrometheusTextParser(response.text)
            let one = ["miner": "mac:AA:BB:CC:00:00:01"]
            let three = ["miner": "mac:AA:BB:CC:00:00:03"]
            #expect(parsed.values("powerhive_miner_up", one) == [1])
            #expect(parsed.values("powerhive_miner_up", three) == [0])
            #expect(parsed.values("powerhive_miner_hashrate_hashes_per_second", one) == [96e12])
            #expect(
                parsed.values("powerhive_miner_hashrate_hashes_per_second", three).isEmpty, "offline: no stale reading")
            #expect(parsed.values("powerhive_miner_power_watts", one) == [3250])
            #expect(parsed.values("powerhive_miner_power_measured", ["miner": "mac:AA:BB:CC:00:00:02"]) == [0])
            #expect(parsed.values("powerhive_miner_power_target_watts", one) == [3300])
            #expect(
                parsed.values("powerhive_miner_temperature_celsius", one.merging(["sensor": "chip"]) { a, _ in a }) == [
                    78
                ])
            #expect(
                parsed.values("powerhive_miner_temperature_celsius", one.merging(["sensor": "board"]) { a, _ in a })
                    == [62])
            #expect(parsed.values("powerhive_miner_fan_rpm", one.merging(["stat": "min"]) { a, _ in a }) == [4200])
            let info = parsed.samples.first { $0.name == "powerhive_miner_info" && $0.labels["miner"] == one["miner"] }
            #expect(info?.value == 1)
            #expect(info?.labels["model"] == "Antminer S19")
            #expect(info?.labels["driver"] == "vnish")
            #expect(info?.labels["mac"] == "AA:BB:CC:00:00:01")
            #expect(info?.labels["firmware"] == "VNish")
            #expect(parsed.values("powerhive_fleet_miners", ["condition": "offline"]) == [1])
            #expect(parsed.values("powerhive_fleet_power_watts", ["source": "estimated"]) == [15])
            #expect(parsed.values("powerhive_plant_reading_age_seconds") == [60])
            #expect(parsed.values("powerhive_balancer_budget_watts") == [9000])
            #expect(parsed.values("powerhive_balancer_consumption_watts") == [6500])
            #expect(parsed.values("powerhive_poll_results_total", ["poll": "status", "outcome": "unreachable"]) == [1])
            #expect(parsed.values("powerhive_poll_results_total", ["poll": "status", "outcome": "failed"]) == [0])
            #expect(parsed.values("powerhive_poll_cycle_duration_seconds_count", ["poll": "status"]) == [1])
            #expect(
                parsed.values("powerhive_poll_cycle_duration_seconds_bucket", ["poll": "status", "le": "1.0"]).first
                    == 1)
            #expect(parsed.values("powerhive_scan_cycle_duration_seconds_count").first == 1)
            #expect(parsed.values("powerhive_balancer_actions_total", ["outcome": "verified"]) == [1])
            #expect(parsed.values("powerhive_demo_events_total", ["kind": "test"]) == [2])
            #expect(parsed.values("powerhive_miner_up_external") == [1])
            #expect(parsed.values("powerhive_loop_stale", ["loop": "status"]) == [0])
            for family in ["powerhive_miner_up", "powerhive_poll_cycle_duration_seconds", "powerhive_fleet_miners"] {
                #expect(parsed.families[family]?.help?.isEmpty == false, "\(family) HELP")
            }
            #expect(parsed.families["powerhive_poll_cycle_duration_seconds"]?.type == "histogram")
            #expect(parsed.families["powerhive_poll_results_total"]?.type == "counter")
            // Low cardinality: a miner is labelled by its uid only.
            for sample in parsed.samples
            where sample.name.hasPrefix("powerhive_miner_") && sample.name != "powerhive_miner_info" {
                #expect(sample.labels["ip"] == nil, "\(sample.name)")
            }
        }
    }

    @Test func metricsCanBePublic() async throws {
        let fixture = try await WebFixture(
            web: WebConfiguration(passwordHasher: PasswordHasher(iterations: 1000), publicMetrics: true))
        try await fixture.test { client in
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            _ = try PrometheusTextParser(response.text)
        }
    }

    @Test func parserRejectsMalformedExposition() {
        #expect(throws: PrometheusTextParser.ParseError.self) { try PrometheusTextParser("no_type 1\n") }
        #expect(throws: PrometheusTextParser.ParseError.self) { try PrometheusTextParser("# TYPE a gauge\na{x=1} 1\n") }
        #expect(throws: PrometheusTextParser.ParseError.self) { try PrometheusTextParser("# TYPE a gauge\na 1\na 2\n") }
        #expect(throws: PrometheusTextParser.ParseError.self) { try PrometheusTextParser("# TYPE a gauge\na one\n") }
    }
}
