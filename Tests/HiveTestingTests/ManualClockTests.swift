import HiveTesting
import Testing

@Suite struct ManualClockTests {
    @Test func sleeperWakesOnlyWhenAdvancedPastDeadline() async throws {
        let clock = ManualClock()
        try await withThrowingTaskGroup(of: ManualClock.Instant.self) { group in
            group.addTask {
                try await clock.sleep(for: .seconds(60))
                return clock.now
            }
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(59))
            #expect(clock.sleeperCount == 1)
            clock.advance(by: .seconds(1))
            let woke = try await group.next()
            #expect(woke == ManualClock.Instant(offset: .seconds(60)))
        }
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellationRemovesSleeper() async throws {
        let clock = ManualClock()
        let task = Task { try await clock.sleep(for: .seconds(5)) }
        await clock.waitForSleepers(1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func pastDeadlineReturnsImmediately() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(10))
        try await clock.sleep(until: ManualClock.Instant(offset: .seconds(3)))
        #expect(clock.now.offset == .seconds(10))
    }

    @Test func wakesSeveralSleepersInDeadlineOrder() async throws {
        let clock = ManualClock()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for n in [3, 1, 2] {
                group.addTask {
                    try await clock.sleep(for: .seconds(n))
                    return n
                }
            }
            await clock.waitForSleepers(3)
            #expect(clock.nextDeadline == ManualClock.Instant(offset: .seconds(1)))
            clock.advance(by: .seconds(2))
            var woken: Set<Int> = []
            woken.insert(try #require(try await group.next()))
            woken.insert(try #require(try await group.next()))
            #expect(woken == [1, 2])
            #expect(clock.sleeperCount == 1)
            clock.advance(by: .seconds(1))
            #expect(try await group.next() == 3)
        }
    }
}
