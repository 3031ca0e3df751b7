import HiveProtocols
import HiveTesting
import Testing

@testable import HiveHost

@Suite("Poller schedule")
struct PollerScheduleTests {
    @Test("cycles start at fixed-rate deadlines, not drifting by their own length")
    func fixedRateWithoutDrift() async throws {
        let fixture = try await PollingFixture(count: 1, subnet: 71, behavior: .delay(.seconds(7)))
        defer { fixture.close() }
        let poller = fixture.statusPoller()
        var events = fixture.events.stream.makeAsyncIterator()

        try await withThrowingTaskGroup { group in
            group.addTask { try await poller.run() }
            var starts: [Int64] = []
            for cycle in 0..<4 {
                if cycle > 0 {
                    await fixture.clock.waitForSleepers(1)  // the loop, waiting for its deadline
                    #expect(fixture.clock.nextDeadline?.offset == .seconds(60 * cycle))
                    fixture.clock.advance(toSeconds: 60 * cycle)
                }
                await fixture.clock.waitForSleepers(2)  // the miner's 7 s answer and its deadline
                fixture.clock.advance(by: .seconds(7))
                let report = try #require(await events.nextReport())
                #expect(report.elapsed == .seconds(7) && report.ok == 1)
                starts.append(report.startedAt.rawValue - PollingFixture.epoch)
            }
            #expect(starts == [0, 60_000, 120_000, 180_000])
            #expect(poller.skippedDeadlines == 0)
            group.cancelAll()
        }
    }

    @Test("an overrunning cycle skips the deadlines it missed and counts them")
    func overrunSkipsDeadlines() async throws {
        let fixture = try await PollingFixture(count: 3, subnet: 72, behavior: .delay(.seconds(25)))
        defer { fixture.close() }
        var configuration = PollerConfiguration.status
        configuration.maxConcurrentPolls = 1
        configuration.perMinerDeadline = .seconds(30)
        let poller = fixture.statusPoller(configuration)
        var events = fixture.events.stream.makeAsyncIterator()

        try await withThrowingTaskGroup { group in
            group.addTask { try await poller.run() }
            for _ in 0..<3 {  // one miner at a time, 25 s each: the cycle ends at t+75
                await fixture.clock.waitForSleepers(2)
                fixture.clock.advance(by: .seconds(25))
            }
            let first = try #require(await events.nextReport())
            #expect(first.ok == 3 && first.elapsed == .seconds(75))
            guard case .deadlinesSkipped(1) = try #require(await events.next()) else {
                Issue.record("expected one skipped deadline")
                return
            }
            await fixture.clock.waitForSleepers(1)
            #expect(fixture.clock.nextDeadline?.offset == .seconds(120))  // not 60 (passed), not 135 (drift)
            #expect(poller.skippedDeadlines == 1)
            #expect(fixture.logs.messages(.warning) == ["status poll overran its interval: skipped 1 deadline"])
            group.cancelAll()
        }
    }

    @Test("a miner still busy from the last cycle is skipped and counted, never queued twice")
    func busyFromLastCycleSkipped() async throws {
        let fixture = try await PollingFixture(count: 2, subnet: 73)
        defer { fixture.close() }
        let stuck = fixture.miners[1]
        stuck.behavior = .hangIgnoringCancellation
        let poller = fixture.statusPoller()
        var events = fixture.events.stream.makeAsyncIterator()

        try await withThrowingTaskGroup { group in
            group.addTask { try await poller.run() }
            // Cycle 1: the stuck miner ignores cancellation; it is timed out at its deadline
            // and the cycle completes without it.
            _ = await events.decisions(of: [fixture.ids[0]])
            fixture.clock.advance(toSeconds: 10)
            let first = try #require(await events.nextReport())
            #expect(first.ok == 1 && first.timedOut == 1 && first.elapsed == .seconds(10))

            // Cycle 2: still stuck, so skipped and counted.
            await fixture.clock.waitForSleepers(1)
            fixture.clock.advance(toSeconds: 60)
            let second = try #require(await events.nextReport())
            #expect(second.miners == 2 && second.ok == 1 && second.timedOut == 0 && second.skipped == 1)
            #expect(stuck.reads == 1)
            #expect(
                fixture.logs.messages().last
                    == "status poll completed in 0.00 s: 2 miners, 1 ok, 0 timed out, 0 failed, 1 skipped")

            // The stuck read finally returns; cycle 3 polls the miner again.
            stuck.behavior = .answer
            stuck.release()
            _ = await events.first { if case .stragglerEnded(fixture.ids[1]) = $0 { true } else { false } }
            await fixture.clock.waitForSleepers(1)
            fixture.clock.advance(toSeconds: 120)
            let third = try #require(await events.nextReport())
            #expect(third.ok == 2 && third.skipped == 0)
            #expect(stuck.reads == 2)
            group.cancelAll()
        }
    }

    @Test("run returns when cancelled while a poll is hung")
    func cancellationEndsRun() async throws {
        let fixture = try await PollingFixture(count: 1, subnet: 74, behavior: .hang)
        defer { fixture.close() }
        let poller = fixture.statusPoller()
        var entered = fixture.tracker.entered.makeAsyncIterator()

        try await withThrowingTaskGroup { group in
            group.addTask { try await poller.run() }
            _ = await entered.next()
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(fixture.tracker.inFlight == 0)
    }

    @Test(
        "fixed-rate deadlines",
        arguments: [
            // (previous deadline, now, expected next, expected skipped), seconds, interval 60
            (0, 7, 60, 0), (0, 60, 60, 0), (0, 61, 120, 1), (0, 75, 120, 1), (0, 120, 120, 1), (0, 121, 180, 2),
            (60, 60, 120, 0), (60, 3661, 3720, 60), (0, 0, 60, 0),
        ])
    func schedule(previous: Int, now: Int, next: Int, skipped: Int) {
        let result = FixedRateSchedule(interval: .seconds(60)).next(after: .seconds(previous), now: .seconds(now))
        #expect(result.deadline == .seconds(next))
        #expect(result.skipped == skipped)
    }
}
