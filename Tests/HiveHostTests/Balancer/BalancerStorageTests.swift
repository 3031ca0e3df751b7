import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Logging
import Testing

/// `SQLiteFleetStore` as the plant readings store and the balancer store, on a real temp file.
@Suite("Balancer and plant storage (SQLite)")
struct BalancerStorageTests {
    typealias F = BalancerFixtures

    static func sample(_ body: String) throws -> PlantSample {
        try PlantReadingParser.parse(Array(body.utf8), unit: .kilowatts)
    }

    @Test func plantReadingsRoundTripWithFailuresReasonsAndRawBodies() async throws {
        try await StorageFixture.with { store, _ in
            let usable = PlantReadingRecord(
                receivedAt: F.at(0), outcome: .usable, httpStatus: 200, sample: try Self.sample(PlantSamples.v2Id15),
                rawBody: Array(PlantSamples.v2Id15.utf8))
            let failed = PlantReadingRecord(
                receivedAt: F.at(30), outcome: .failed, reason: "HTTP 503", httpStatus: 503,
                rawBody: Array(#"{"error":"service unavailable"}"#.utf8))
            let refused = PlantReadingRecord(receivedAt: F.at(60), outcome: .failed, reason: "unreachable: refused")
            var low = usable
            low.receivedAt = F.at(90)
            low.outcome = .unusable
            low.reason = "confidence 0.2 below 0.5 (untrusted)"
            for record in [usable, failed, refused, low] { try await store.append(plantReading: record) }

            let all = try await store.plantReadings(from: F.at(0), to: F.at(1000), limit: nil)
            #expect(all == [usable, failed, refused, low])
            #expect(abs((all[0].sample?.generation?.value ?? 0) - 5_886_015) < 0.01)
            #expect(all[0].sample?.generationSources.map(\.name) == ["generoso", "nogueira"])
            #expect(all[1].reason == "HTTP 503" && all[1].rawBody == Array(#"{"error":"service unavailable"}"#.utf8))
            #expect(all[2].sample == nil && all[2].rawBody == nil && all[2].httpStatus == nil)
            #expect(try await store.plantReadings(from: F.at(30), to: F.at(90), limit: nil) == [failed, refused])
            #expect(try await store.plantReadings(from: F.at(0), to: F.at(1000), limit: 1) == [usable])
            #expect(try await store.latestPlantReading() == low)
            #expect(try await store.latestUsablePlantReading() == usable)
            #expect(try await store.deletePlantReadings(before: F.at(60), limit: 100) == 2)
            #expect(try await store.latestUsablePlantReading() == nil)
        }
    }

    @Test func latestUsableIsTheNewestUsableNotTheNewest() async throws {
        try await StorageFixture.with { store, _ in
            #expect(try await store.latestUsablePlantReading() == nil)
            let sample = try Self.sample(PlantSamples.v2Id16)
            for index in 0..<50 {
                let usable = index % 5 == 0
                try await store.append(
                    plantReading: PlantReadingRecord(
                        receivedAt: F.at(Double(index * 30)), outcome: usable ? .usable : .failed,
                        reason: usable ? nil : "timed out", sample: usable ? sample : nil))
            }
            #expect(try await store.latestUsablePlantReading()?.receivedAt == F.at(45 * 30))
            #expect(try await store.latestPlantReading()?.receivedAt == F.at(49 * 30))
        }
    }

    static func entry(
        _ miner: Int64, at seconds: Double, sequence: Int, actor: BalancerAuditEntry.Actor = .balancer
    )
        -> BalancerAuditEntry
    {
        BalancerAuditEntry(
            id: BalancerActionID(time: F.at(seconds), sequence: sequence), time: F.at(seconds),
            minerID: MinerRecord.ID(miner), command: .selectPreset("1100"), from: .preset("1500"), to: .preset("1100"),
            reason: "over budget by 4 kW; 29.1 J/TH", expectedDelta: Watts(-400), outcome: .sent, actor: actor)
    }

    @Test func auditRoundTripsUpdatesAndQueriesByMinerAndTime() async throws {
        try await StorageFixture.with { store, _ in
            let entries = [
                Self.entry(1, at: 0, sequence: 0), Self.entry(2, at: 0, sequence: 1),
                Self.entry(1, at: 60, sequence: 0),
                Self.entry(3, at: 120, sequence: 1_000_003, actor: .user("alice")),
            ]
            try await store.append(audit: entries)
            #expect(try await store.auditEntries(miner: nil, from: F.at(0), to: F.at(1000), limit: nil) == entries)
            #expect(
                try await store.auditEntries(miner: MinerRecord.ID(1), from: F.at(0), to: F.at(1000), limit: nil)
                    == [entries[0], entries[2]])
            #expect(try await store.auditEntries(miner: nil, from: F.at(60), to: F.at(120), limit: nil) == [entries[2]])
            #expect(
                try await store.auditEntries(miner: nil, from: F.at(0), to: F.at(1000), limit: 2) == [
                    entries[0], entries[1],
                ])
            #expect(
                try await store.auditEntries(miner: nil, from: F.at(120), to: F.at(121), limit: nil)[0].actor
                    == .user("alice"))

            try await store.update(audit: [
                BalancerAuditUpdate(
                    id: entries[0].id, outcome: .verified, detail: "reads back preset 1100",
                    observedDelta: Watts(-390), at: F.at(400)),
                BalancerAuditUpdate(id: entries[1].id, outcome: .notApplied, detail: nil, at: F.at(400)),
                BalancerAuditUpdate(
                    id: BalancerActionID(time: F.at(999), sequence: 9), outcome: .verified, detail: nil, at: F.at(400)),
            ])
            let updated = try await store.auditEntries(miner: nil, from: F.at(0), to: F.at(1), limit: nil)
            #expect(updated[0].outcome == .verified && updated[0].detail == "reads back preset 1100")
            #expect(updated[0].observedDelta == Watts(-390) && updated[0].updatedAt == F.at(400))
            #expect(updated[1].outcome == .notApplied && updated[1].detail == nil && updated[1].observedDelta == nil)
            #expect(try await store.auditEntries(miner: nil, from: F.at(0), to: F.at(2000), limit: nil).count == 4)

            var replaced = entries[2]
            replaced.outcome = .failed
            replaced.detail = "timed out"
            try await store.append(audit: [replaced])
            #expect(
                try await store.auditEntries(miner: MinerRecord.ID(1), from: F.at(60), to: F.at(61), limit: nil) == [
                    replaced
                ])
            #expect(try await store.deleteBalancerAudit(before: F.at(60), limit: 100) == 2)
        }
    }

    @Test func balancerStateSurvivesReopen() async throws {
        let fixture = try StorageFixture()
        defer { fixture.remove() }
        var state = BalancerState(mode: .dryRun)
        state.override = BudgetOverride(watts: .kilowatts(900), expiresAt: F.at(3600), setBy: "alice", reason: "test")
        state.failSafeSince = F.at(10)
        var ledger = MinerLedger(minerID: MinerRecord.ID(7))
        ledger.lastChangeAt = F.at(5)
        ledger.failures = 2
        ledger.awakeDraw = Watts(3250)
        ledger.awakeSetting = .preset("1500")
        let action = BalancerAction(
            id: BalancerActionID(time: F.at(5), sequence: 0), minerID: MinerRecord.ID(7), label: "m7",
            command: .sleep, from: .preset("1500"), to: .sleeping, fromWatts: Watts(3250), expectedWatts: Watts(20),
            direction: .cut, reason: "fail-safe", settleSeconds: 30, overridesCooldown: true)
        ledger.pending = PendingChange(action: action, issuedAt: F.at(5), settlesAt: F.at(35))
        state.ledgers[ledger.minerID] = ledger
        state.lastDecisionAt = F.at(5)

        do {
            let store = try fixture.open()
            #expect(try await store.loadBalancerState() == nil)
            try await store.save(balancerState: BalancerState())
            try await store.save(balancerState: state)
            try store.close()
        }
        let reopened = try fixture.open()
        defer { try? reopened.close() }
        let loaded = try #require(try await reopened.loadBalancerState())
        #expect(loaded == state)
        #expect(loaded.pendingChanges.map(\.action) == [action])
    }

    /// A service restarted on the same file keeps its change in flight: the miner it just cut
    /// still reads its old draw (the firmware has not settled), yet nothing is cut twice.
    @Test func restartedServiceKeepsCooldownAndPendingChange() async throws {
        let fixture = try StorageFixture()
        defer { fixture.remove() }
        let miners = [
            F.continuous(1, draw: 3000, efficiency: 30, settle: 600),
            F.continuous(2, draw: 3000, efficiency: 20, settle: 600),
        ]
        // The executor changes a copy: the snapshot keeps showing the old draw, as a miner does
        // until its change settles.
        let fleet = FakeFleet(miners, now: { F.at(0) })
        let executor = FakeExecutor(fleet: FakeFleet(miners, now: { F.at(0) }), clock: ManualClock())
        func service(_ store: SQLiteFleetStore, at seconds: Double) -> BalancerService {
            BalancerService(
                configuration: .init(
                    machine: .init(deadband: Watts(200), cooldownSeconds: 600, staleAfterSeconds: 180),
                    budget: BudgetPolicy(safetyMargin: 0, fixedCap: Watts(5000))),
                fleet: fleet, executor: executor,
                plant: InMemoryPlantReadingStore(), store: store, clock: ContinuousClock(), now: { F.at(seconds) },
                logger: Logger(label: "test.balancer"))
        }
        let first = try fixture.open()
        let cut = try await service(first, at: 0).runCycle()
        #expect(cut.decision.actions.map(\.minerID) == [MinerRecord.ID(1)])
        try first.close()

        let second = try fixture.open()
        defer { try? second.close() }
        let again = try await service(second, at: 60).runCycle()
        #expect(again.decision.actions.isEmpty, "\(again.decision.actions)")
        #expect(again.decision.status.pending == 1)
        let audit = try await second.auditEntries(miner: nil, from: F.at(0), to: F.at(100), limit: nil)
        #expect(audit.map(\.minerID) == [MinerRecord.ID(1)])
    }
}
