import HiveHost
import HiveProtocols
import HiveTesting
import Logging
import Testing

/// The service around the state machine, on a ManualClock with a fake fleet and executor.
@Suite("Balancer service")
struct BalancerServiceTests {
    typealias F = BalancerFixtures

    struct Harness {
        let clock = ManualClock()
        let plant = InMemoryPlantReadingStore()
        let store: InMemoryBalancerStore
        let fleet: FakeFleet
        let executor: FakeExecutor
        let service: BalancerService

        init(
            miners: [BalancerMiner] = BalancerCutTests.continuousFleet, mode: BalancerMode = .active,
            store: InMemoryBalancerStore = InMemoryBalancerStore(), failing: Set<MinerRecord.ID> = []
        ) {
            let clock = self.clock
            let now: @Sendable () -> UnixMillis = {
                let (seconds, attoseconds) = clock.now.offset.components
                return F.t0.adding(milliseconds: seconds * 1000 + attoseconds / Int64(1e15))
            }
            self.store = store
            fleet = FakeFleet(miners, now: now)
            executor = FakeExecutor(fleet: fleet, clock: clock, failing: failing)
            service = BalancerService(
                configuration: .init(
                    interval: .seconds(60),
                    machine: .init(deadband: Watts(2000), cooldownSeconds: 600, staleAfterSeconds: 180),
                    budget: BudgetPolicy(safetyMargin: 0), mode: mode),
                fleet: fleet, executor: executor, plant: plant, store: store, clock: clock, now: now,
                logger: Logger(label: "test.balancer"))
        }

        /// Stores a usable plant reading of `kilowatts` generation collected now.
        func reading(_ kilowatts: Double) async throws {
            let time = F.t0.adding(milliseconds: Int64(clock.now.offset.components.seconds) * 1000)
            let sample = PlantSample(shape: .reading, collectedAt: time, generation: .kilowatts(kilowatts))
            try await plant.append(plantReading: PlantReadingRecord(receivedAt: time, outcome: .usable, sample: sample))
        }
    }

    @Test func activeCycleSendsCutsAndAuditsThem() async throws {
        let h = Harness()
        try await h.reading(27)
        let report = try await h.service.runCycle()
        #expect(report.decision.status.phase == .reducing)
        #expect(Set(h.executor.received.map(\.miner)) == [MinerRecord.ID(9), MinerRecord.ID(10)])
        let audit = h.store.allEntries
        #expect(audit.count == 2)
        #expect(
            audit.allSatisfy { $0.outcome == .verified && $0.actor == .balancer && $0.reason.contains("over budget") })
        #expect(audit.first { $0.minerID == MinerRecord.ID(10) }?.expectedDelta == Watts(-2980))
        let saved = try #require(try await h.store.loadBalancerState())
        #expect(saved.pendingChanges.count == 2)
        #expect(saved.pendingChanges.allSatisfy { $0.acknowledged })
    }

    @Test func changesAreReadBackAfterTheirSettleTime() async throws {
        let h = Harness()
        try await h.reading(27)
        try await h.service.runCycle()
        h.clock.advance(by: .seconds(61))
        try await h.reading(27)
        let report = try await h.service.runCycle()
        #expect(h.fleet.readBacks.last == [MinerRecord.ID(9), MinerRecord.ID(10)])
        #expect(report.decision.verifications.count == 2)
        #expect(report.executed.isEmpty)
        let slept = try #require(h.store.allEntries.first { $0.minerID == MinerRecord.ID(10) })
        #expect(slept.outcome == .verified)
        #expect(slept.observedDelta == Watts(-2980))
        #expect(slept.detail?.contains("sleeping") == true)
    }

    @Test func dryRunLogsWithoutSending() async throws {
        let h = Harness(mode: .dryRun)
        try await h.reading(27)
        let report = try await h.service.runCycle()
        #expect(report.decision.actions.count == 2)
        #expect(h.executor.received.isEmpty)
        #expect(h.store.allEntries.map(\.outcome) == [.dryRun, .dryRun])
    }

    @Test func monitoringOnlyNeverWrites() async throws {
        let h = Harness(mode: .monitoringOnly)
        try await h.reading(10)
        let report = try await h.service.runCycle()
        #expect(report.decision.status.phase == .reducing)
        #expect(h.executor.received.isEmpty)
        #expect(h.store.allEntries.isEmpty)
    }

    @Test func aFailedCommandIsAuditedAndNotCountedAsDone() async throws {
        let h = Harness(failing: [MinerRecord.ID(10)])
        try await h.reading(27)
        try await h.service.runCycle()
        let failed = try #require(h.store.allEntries.first { $0.minerID == MinerRecord.ID(10) })
        #expect(failed.outcome == .failed)
        #expect(failed.detail?.contains("timed out") == true)
        let state = try #require(h.service.state)
        #expect(state.ledgers[MinerRecord.ID(10)]?.pending == nil)
        #expect(state.ledgers[MinerRecord.ID(10)]?.failures == 1)
    }

    @Test func theFailSafeStartsTheMomentPlantDataGoesStale() async throws {
        let h = Harness(miners: (1...3).map { F.continuous(Int64($0), draw: 3000, efficiency: 30) })
        try await h.reading(9.5)  // collected at t+0; nothing more arrives
        await withThrowingTaskGroup { group in
            group.addTask { try await h.service.run() }
            for tick in 1...3 {
                await h.clock.waitForSleepers(1)
                #expect(h.clock.nextDeadline?.offset == .seconds(60 * tick))
                h.clock.advance(by: .seconds(60))
            }
            // After the 180 s cycle the service wakes when the data turns stale, not at 240 s.
            await h.clock.waitForSleepers(1)
            #expect(h.clock.nextDeadline?.offset == .milliseconds(180_001))
            #expect(h.executor.received.isEmpty)
            h.clock.advance(by: .milliseconds(1))
            await h.clock.waitForSleepers(1)
            #expect(h.clock.nextDeadline?.offset == .seconds(240))
            #expect(h.executor.received.map(\.command) == [.sleep, .sleep, .sleep])
            #expect(h.executor.received.allSatisfy { $0.at == .milliseconds(180_001) })
            #expect(h.service.status?.phase == .failSafe)
            group.cancelAll()
        }
    }

    @Test func stateAndModeSurviveARestart() async throws {
        let store = InMemoryBalancerStore()
        let first = Harness(store: store)
        try await first.reading(27)
        try await first.service.runCycle()
        try await first.service.setMode(.monitoringOnly)

        let second = Harness(store: store)
        try await second.reading(27)
        try await second.service.prepare()
        #expect(second.service.state?.mode == .monitoringOnly)
        #expect(second.service.state?.pendingChanges.count == 2)
        try await second.service.setMode(.active)
        // The restarted service still counts the cuts in flight: no second correction.
        let report = try await second.service.runCycle()
        #expect(report.decision.actions.isEmpty)
        #expect(report.decision.status.pending == 2)
    }

    @Test func anOverrideReplacesThePlantBudgetUntilItExpires() async throws {
        let h = Harness()
        try await h.reading(40)
        try await h.service.setOverride(
            BudgetOverride(watts: .kilowatts(27), expiresAt: F.at(600), setBy: "ops", reason: "grid request"))
        let report = try await h.service.runCycle()
        #expect(report.decision.status.budgetBasis == .override)
        #expect(report.decision.cuts.count == 2)
    }
}
