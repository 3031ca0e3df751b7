import Foundation
import HiveProtocols
import Testing

@testable import HiveHost

/// Plant readings, the balancer's state, audit log and policies, for every backend
/// (``StorageContractTests``).
enum BalancerContract {
    typealias F = BalancerFixtures

    static func plantReadings(_ store: any HiveStore) async throws {
        let sample = try PlantReadingParser.parse(Array(PlantSamples.v2Id15.utf8), unit: .kilowatts)
        let usable = PlantReadingRecord(
            receivedAt: F.at(0), outcome: .usable, httpStatus: 200, sample: sample,
            rawBody: Array(PlantSamples.v2Id15.utf8))
        let failed = PlantReadingRecord(
            receivedAt: F.at(30), outcome: .failed, reason: "HTTP 503", httpStatus: 503,
            rawBody: Array(#"{"error":"service unavailable"}"#.utf8))
        let refused = PlantReadingRecord(receivedAt: F.at(60), outcome: .failed, reason: "unreachable: refused")
        var low = usable
        low.receivedAt = F.at(90)
        low.outcome = .unusable
        low.reason = "confidence 0.2 below 0.5 (untrusted)"
        #expect(try await store.latestUsablePlantReading() == nil)
        for record in [usable, failed, refused, low] { try await store.append(plantReading: record) }

        let all = try await store.plantReadings(from: F.at(0), to: F.at(1000), limit: nil)
        #expect(all == [usable, failed, refused, low])
        #expect(all[0].sample?.generationSources.map(\.name) == ["generoso", "nogueira"])
        #expect(try await store.plantReadings(from: F.at(30), to: F.at(90), limit: nil) == [failed, refused])
        #expect(try await store.plantReadings(from: F.at(0), to: F.at(1000), limit: 1) == [usable])
        #expect(try await store.latestPlantReading() == low)
        #expect(try await store.latestUsablePlantReading() == usable)
        #expect(try await store.deletePlantReadings(before: F.at(60), limit: 100) == 2)
        #expect(try await store.latestUsablePlantReading() == nil)
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

    static func audit(_ store: any HiveStore) async throws {
        let entries = [
            entry(1, at: 0, sequence: 0), entry(2, at: 0, sequence: 1), entry(1, at: 60, sequence: 0),
            entry(3, at: 120, sequence: 1_000_003, actor: .user("alice")),
        ]
        try await store.append(audit: entries)
        #expect(try await store.auditEntries(miner: nil, from: F.at(0), to: F.at(1000), limit: nil) == entries)
        #expect(
            try await store.auditEntries(miner: MinerRecord.ID(1), from: F.at(0), to: F.at(1000), limit: nil)
                == [entries[0], entries[2]])
        #expect(
            try await store.auditEntries(miner: nil, from: F.at(0), to: F.at(1000), limit: 2) == [
                entries[0], entries[1],
            ])
        try await store.update(audit: [
            BalancerAuditUpdate(
                id: entries[0].id, outcome: .verified, detail: "reads back preset 1100", observedDelta: Watts(-390),
                at: F.at(400)),
            BalancerAuditUpdate(id: entries[1].id, outcome: .notApplied, detail: nil, at: F.at(400)),
            BalancerAuditUpdate(
                id: BalancerActionID(time: F.at(999), sequence: 9), outcome: .verified, detail: nil, at: F.at(400)),
        ])
        let updated = try await store.auditEntries(miner: nil, from: F.at(0), to: F.at(1), limit: nil)
        #expect(updated[0].outcome == .verified && updated[0].detail == "reads back preset 1100")
        #expect(updated[0].observedDelta == Watts(-390) && updated[0].updatedAt == F.at(400))
        #expect(updated[1].outcome == .notApplied && updated[1].detail == nil && updated[1].observedDelta == nil)
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

    static func stateAndPolicies(_ store: any HiveStore) async throws {
        var state = BalancerState(mode: .dryRun)
        state.override = BudgetOverride(watts: .kilowatts(900), expiresAt: F.at(3600), setBy: "alice", reason: "test")
        var ledger = MinerLedger(minerID: MinerRecord.ID(7))
        ledger.lastChangeAt = F.at(5)
        ledger.failures = 2
        state.ledgers[ledger.minerID] = ledger
        state.lastDecisionAt = F.at(5)
        #expect(try await store.loadBalancerState() == nil)
        try await store.save(balancerState: BalancerState())
        try await store.save(balancerState: state)
        #expect(try await store.loadBalancerState() == state)

        #expect(try await store.balancerPolicies().isEmpty)
        let locked = MinerPolicy(locked: true, priority: 3, minWatts: Watts(1_000), maxWatts: nil)
        try await store.save(balancerPolicy: locked, scope: "miner:7", at: F.at(1))
        try await store.save(balancerPolicy: MinerPolicy(priority: -1), scope: "model:Antminer S19", at: F.at(2))
        var policies = try await store.balancerPolicies()
        #expect(policies["miner:7"] == locked)
        #expect(policies["model:Antminer S19"]?.priority == -1)
        try await store.save(balancerPolicy: MinerPolicy(priority: 5), scope: "miner:7", at: F.at(3))
        try await store.deleteBalancerPolicy(scope: "model:Antminer S19")
        policies = try await store.balancerPolicies()
        #expect(policies.keys.sorted() == ["miner:7"])
        #expect(policies["miner:7"]?.priority == 5)
        await #expect(throws: StorageError.self) {
            try await store.save(balancerPolicy: locked, scope: "rack:1", at: F.at(4))
        }
    }

    static let cases: [StorageContractCase] = [
        StorageContractCase("plant readings round-trip with failures, reasons and raw bodies", plantReadings),
        StorageContractCase("audit entries round-trip, update, replace and query by miner and time", audit),
        StorageContractCase("balancer state and policies are saved, replaced and deleted", stateAndPolicies),
    ]
}
