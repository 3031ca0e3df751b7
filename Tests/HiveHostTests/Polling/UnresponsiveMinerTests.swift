import HiveProtocols
import HiveTesting
import Testing

@testable import HiveHost

@Suite("Poller: miners that keep timing out")
struct UnresponsiveMinerTests {
    @Test(
        "a miner that timed out last cycle does not hold up the next: answers are written first, its timeout when due")
    func unresponsiveMinerDoesNotHoldTheCycle() async throws {
        let fixture = try await PollingFixture(count: 3, subnet: 67)
        defer { fixture.close() }
        fixture.miners[2].behavior = .hang
        let poller = fixture.statusPoller()
        var events = fixture.events.stream.makeAsyncIterator()

        // Cycle 1: nothing tells a first hang from a slow answer, so it costs the deadline.
        async let first = poller.runCycle()
        _ = await events.decisions(of: Set(fixture.ids[0...1]))
        fixture.clock.advance(toSeconds: 10)
        let one = try await first
        #expect(one.elapsed == .seconds(10) && one.settled == .seconds(10) && one.late == 0 && one.timedOut == 1)

        // Cycle 2: the others' samples are written as soon as they answered ...
        fixture.clock.advance(toSeconds: 60)
        async let second = poller.runCycle()
        let written = await events.first { if case .answersRecorded = $0 { true } else { false } }
        guard case .answersRecorded(stillRunning: 1) = try #require(written) else {
            Issue.record("expected the answers written with one miner still running")
            return
        }
        #expect(fixture.clock.now.offset == .seconds(60))
        let early = Dictionary(uniqueKeysWithValues: try await fixture.store.latestStatuses().map { ($0.minerID, $0) })
        let cycleTwo = UnixMillis(PollingFixture.epoch + 60_000)
        #expect(early[fixture.ids[0]]?.time == cycleTwo && early[fixture.ids[1]]?.time == cycleTwo)
        #expect(early[fixture.ids[2]]?.time == UnixMillis(PollingFixture.epoch))  // its cycle-1 failure

        // ... and the hung miner's failure at its deadline, before the cycle returns and logs.
        fixture.clock.advance(toSeconds: 70)
        let two = try await second
        #expect(two.miners == 3 && two.ok == 2 && two.timedOut == 1 && two.late == 1)
        #expect(two.elapsed == .zero && two.settled == .seconds(10))
        #expect(
            fixture.logs.messages().last
                == "status poll completed in 0.00 s: 3 miners, 2 ok, 1 timed out, 0 failed, 0 skipped "
                + "(1 late, decided by 10.00 s)")
        let hung = try await fixture.record(2)
        #expect(hung.consecutiveMisses == 2)
        #expect(hung.lastError == "status poll: timed out: no answer within 10.00 s")
        let latest = try await fixture.store.latestStatuses().first { $0.minerID == fixture.ids[2] }
        #expect(latest?.time == cycleTwo && latest?.state == .unknown)

        // Cycle 3: it answers again; everything is counted, and it is an ordinary miner again.
        fixture.miners[2].behavior = .answer
        fixture.clock.advance(toSeconds: 120)
        let three = try await poller.runCycle()
        #expect(three.ok == 3 && three.timedOut == 0)
        let recovered = try await fixture.record(2)
        #expect(recovered.consecutiveMisses == 0 && recovered.lastError == nil)
        _ = await events.nextReport()  // cycle 2's
        _ = await events.nextReport()  // cycle 3's

        // Cycle 4: it hangs again, and (no longer a suspect) costs the deadline once more.
        fixture.miners[2].behavior = .hang
        fixture.clock.advance(toSeconds: 180)
        async let fourth = poller.runCycle()
        _ = await events.decisions(of: Set(fixture.ids[0...1]))
        fixture.clock.advance(toSeconds: 190)
        let four = try await fourth
        #expect(four.elapsed == .seconds(10) && four.late == 0 && four.timedOut == 1)
    }

    @Test("a miner the status poller found hung does not hold up the next telemetry cycle (the pollers share it)")
    func statusTimeoutMakesItATelemetrySuspect() async throws {
        let fixture = try await PollingFixture(count: 3, subnet: 68)
        defer { fixture.close() }
        fixture.miners[2].behavior = .hang
        var events = fixture.events.stream.makeAsyncIterator()

        // A status cycle finds it hung (costing the status deadline once).
        async let status = fixture.statusPoller().runCycle()
        _ = await events.decisions(of: Set(fixture.ids[0...1]))
        fixture.clock.advance(toSeconds: 10)
        #expect(try await status.timedOut == 1)
        _ = await events.nextReport()

        // The telemetry cycle writes the others' boards without waiting for its 60 s deadline.
        fixture.clock.advance(toSeconds: 30)
        async let telemetry = fixture.telemetryPoller().runCycle()
        let written = await events.first { if case .answersRecorded = $0 { true } else { false } }
        guard case .answersRecorded(stillRunning: 1) = try #require(written) else {
            Issue.record("expected the boards written with only the hung miner still running")
            return
        }
        #expect(fixture.clock.now.offset == .seconds(30))
        fixture.clock.advance(toSeconds: 90)
        let report = try await telemetry
        #expect(report.ok == 2 && report.timedOut == 1 && report.late == 1)
        #expect(report.elapsed == .zero && report.settled == .seconds(60))
    }
}
