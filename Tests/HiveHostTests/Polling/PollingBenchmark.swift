import Foundation
import HiveProtocols
import Logging
import Testing

@testable import HiveHost

/// Wall-time figures for the pollers over in-process fake miners, in real time, through the
/// real SQLite writer. Prints figures; asserts nothing about time. Run with
/// `POWERHIVE_BENCH=1 swift test --filter PollingBenchmark`.
@Suite("PollingBenchmark", .serialized, .enabled(if: ProcessInfo.processInfo.environment["POWERHIVE_BENCH"] == "1"))
struct PollingBenchmark {
    private func measure(_ label: String, _ body: () async throws -> CycleReport) async throws {
        let clock = ContinuousClock()
        let cpuBefore = processCPUNanoseconds()
        var report: CycleReport?
        let wall = try await clock.measure { report = try await body() }
        let cpu = Double(processCPUNanoseconds() - cpuBefore) / 1e9
        let line = report.map(\.logLine) ?? "-"
        print(
            "bench \(label): wall \(CycleReport.seconds(wall)) s, process CPU \(String(format: "%.2f", cpu)) s | \(line)"
        )
    }

    private func fleet(_ count: Int, subnet: Int, hungEvery: Int? = nil) async throws -> PollingFixture {
        let fixture = try await PollingFixture(count: count, subnet: subnet, behavior: .latency(5...40), realTime: true)
        if let hungEvery {
            for (index, miner) in fixture.miners.enumerated() where index % hungEvery == hungEvery - 1 {
                miner.behavior = .hang
            }
        }
        return fixture
    }

    private func statusPoller(_ fixture: PollingFixture, deadline: Duration = .seconds(10)) -> StatusPoller {
        var configuration = PollerConfiguration.status
        configuration.perMinerDeadline = deadline
        return StatusPoller(
            store: fixture.store, sessions: fixture.sessions, configuration: configuration,
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test("status cycle, 1000 miners, 5–40 ms latency")
    func status1000() async throws {
        let fixture = try await fleet(1000, subnet: 101)
        defer { fixture.close() }
        let poller = statusPoller(fixture)
        try await measure("status 1000 (cold: drivers created)") { try await poller.runCycle() }
        for run in 1...3 { try await measure("status 1000 (warm \(run))") { try await poller.runCycle() } }
    }

    @Test("status cycle, 1000 miners, 1 % hung, 2 s deadline")
    func status1000Hung() async throws {
        let fixture = try await fleet(1000, subnet: 102, hungEvery: 100)
        defer { fixture.close() }
        let poller = statusPoller(fixture, deadline: .seconds(2))
        try await measure("status 1000, 10 hung, 2 s deadline") { try await poller.runCycle() }
    }

    @Test("status cycle, 5000 miners, 5–40 ms latency")
    func status5000() async throws {
        let fixture = try await fleet(5000, subnet: 103)
        defer { fixture.close() }
        let poller = statusPoller(fixture)
        try await measure("status 5000 (cold)") { try await poller.runCycle() }
        try await measure("status 5000 (warm)") { try await poller.runCycle() }
    }

    @Test("telemetry cycle, 1000 miners × 3 boards × 4 chips")
    func telemetry1000() async throws {
        let fixture = try await fleet(1000, subnet: 104)
        defer { fixture.close() }
        let poller = TelemetryPoller(
            store: fixture.store, sessions: fixture.sessions,
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await measure("telemetry 1000") { try await poller.runCycle() }
    }
}

/// CPU time of the whole process in nanoseconds.
private func processCPUNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
