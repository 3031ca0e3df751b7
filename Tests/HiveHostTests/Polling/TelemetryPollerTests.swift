import HiveProtocols
import HiveTesting
import Testing

@testable import HiveHost

@Suite("Telemetry poller")
struct TelemetryPollerTests {
    @Test("a cycle stores boards with packed chips, records failures and leaves the online state alone")
    func cycleStoresBoards() async throws {
        let fixture = try await PollingFixture(count: 3, subnet: 81)
        defer { fixture.close() }
        fixture.miners[1].behavior = .fail(DriverError(.timedOut, "read timed out"))
        fixture.miners[2].behavior = .fail(DriverError(.unexpectedResponse, "not JSON"))
        let poller = fixture.telemetryPoller()

        let report = try await poller.runCycle()

        #expect(report.miners == 3 && report.ok == 1 && report.timedOut == 1 && report.failed == 1)
        #expect(
            fixture.logs.messages() == [
                "telemetry poll completed in 0.00 s: 3 miners, 1 ok, 1 timed out, 1 failed, 0 skipped"
            ])
        let sample = try #require(try await fixture.store.latestTelemetry(of: fixture.ids[0]))
        #expect(sample.time == UnixMillis(PollingFixture.epoch))
        #expect(sample.boards.map(\.index) == [0, 1, 2])
        #expect(sample.boards[0].chips.count == 4)
        #expect(sample.boards[0].chips[3].temperature == Celsius(73))
        #expect(sample.boards[0].chipsWorking == 4)

        let timedOut = try await fixture.record(1)
        #expect(timedOut.lastError == "telemetry poll: timed out: read timed out")
        #expect(timedOut.consecutiveMisses == 0 && timedOut.online)  // status polling owns liveness
        #expect(try await fixture.store.latestTelemetry(of: fixture.ids[1]) == nil)
    }

    @Test("miners whose driver has no board telemetry are not polled or counted")
    func minersWithoutTelemetrySkipped() async throws {
        let fixture = try await PollingFixture(count: 2, subnet: 82, driver: "fake-basic")
        defer { fixture.close() }
        let report = try await fixture.telemetryPoller().runCycle()
        #expect(report.miners == 0)
        #expect(fixture.miners.allSatisfy { $0.reads == 0 })
    }

    @Test("a telemetry success clears only the error telemetry polling recorded")
    func clearsOnlyItsOwnErrors() async throws {
        let fixture = try await PollingFixture(count: 2, subnet: 83)
        defer { fixture.close() }
        let time = UnixMillis(PollingFixture.epoch)
        try await fixture.store.recordError("telemetry poll: timed out: x", for: fixture.ids[0], at: time)
        try await fixture.store.recordError("status poll: failed: y", for: fixture.ids[1], at: time)

        _ = try await fixture.telemetryPoller().runCycle()

        #expect(try await fixture.record(0).lastError == nil)
        #expect(try await fixture.record(1).lastError == "status poll: failed: y")
    }

    @Test("the hourly schedule starts after its initial delay")
    func initialDelay() async throws {
        let fixture = try await PollingFixture(count: 1, subnet: 84)
        defer { fixture.close() }
        let poller = fixture.telemetryPoller()
        var events = fixture.events.stream.makeAsyncIterator()
        try await withThrowingTaskGroup { group in
            group.addTask { try await poller.run() }
            await fixture.clock.waitForSleepers(1)
            #expect(fixture.clock.nextDeadline?.offset == .seconds(30))
            fixture.clock.advance(toSeconds: 30)
            let report = try #require(await events.nextReport())
            #expect(report.ok == 1)
            await fixture.clock.waitForSleepers(1)
            #expect(fixture.clock.nextDeadline?.offset == .seconds(3630))
            group.cancelAll()
        }
    }
}
