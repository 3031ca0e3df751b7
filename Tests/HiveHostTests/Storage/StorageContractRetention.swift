import Foundation
import HiveProtocols
import HiveTesting
import Testing

@testable import HiveHost

/// Retention through ``RetentionService`` and the store's age-based deletes, for every backend
/// (``StorageContractTests``). On PostgreSQL the old rows go with their dropped day partitions.
enum RetentionContract {
    static let day: Int64 = 86_400_000
    static let now = UnixMillis(PollingFixture.epoch + 400 * day)

    static func daysAgo(_ days: Double) -> UnixMillis {
        now.adding(milliseconds: -Int64(days * Double(day)))
    }

    static func service(_ store: any HiveStore, buildsRollups: Bool) -> RetentionService {
        var configuration = RetentionService.Configuration()
        configuration.deleteBatchSize = 1
        configuration.buildsRollups = buildsRollups
        configuration.maxRollupHoursPerRun = 2000  // all 45 days, so old statuses may go
        return RetentionService(
            store: store, configuration: configuration, clock: ManualClock(), now: { Self.now },
            logger: .init(label: "test"))
    }

    static func deletesOlderThanEachWindow(_ store: any HiveStore) async throws {
        let ids = try await store.upsert(discovered: [.at("127.95.0.1", mac: "02:00:00:00:95:01")]).map(\.minerID)
        let miner = try #require(ids.first)
        let statusAges = [0.5, 29.9, 30.1, 45]
        try await store.append(statuses: statusAges.map { StatusSample.mining(miner, at: Self.daysAgo($0).rawValue) })
        let telemetryAges = [1, 6.9, 7.1, 89, 91]
        try await store.append(
            telemetry: telemetryAges.map {
                TelemetrySample(
                    minerID: miner, time: Self.daysAgo($0),
                    boards: [BoardSnapshot(index: 0, chips: [ChipReading(index: 0, temperature: Celsius(70))])])
            })

        let report = try await service(store, buildsRollups: true).runOnce()

        let kept = try await store.statusHistory(of: miner, from: UnixMillis(0), to: UnixMillis(Int64.max), limit: nil)
        #expect(kept.map(\.time) == [Self.daysAgo(29.9), Self.daysAgo(0.5)])
        let boards = try await store.telemetryHistory(
            of: miner, from: UnixMillis(0), to: UnixMillis(Int64.max), includeChips: true)
        #expect(boards.map(\.time) == [89, 7.1, 6.9, 1].map(Self.daysAgo))
        #expect(boards.map { $0.boards.first?.chips.count ?? -1 } == [0, 0, 1, 1])
        #expect(report.deletedStatuses == 2 && report.deletedBoardSnapshots == 1)
        #expect(report.deletedChipRows == 3)  // chips go first, so the 91-day board has none left
        #expect(report.hoursRolledUp > 0)
        #expect(try await store.latestRollupBucket(.hour) != nil)
        #expect(report.databaseBytes ?? 0 > 0)
        // A second run finds nothing more to delete.
        let again = try await service(store, buildsRollups: false).runOnce()
        #expect(again.deletedStatuses == 0 && again.deletedChipRows == 0 && again.deletedBoardSnapshots == 0)
    }

    static func prunesPlantReadingsAndAudit(_ store: any HiveStore) async throws {
        let plantAges = [0.1, 89.9, 90.1, 200]
        for age in plantAges {
            try await store.append(
                plantReading: PlantReadingRecord(
                    receivedAt: Self.daysAgo(age), outcome: .failed, reason: "HTTP 503", httpStatus: 503,
                    rawBody: Array("{}".utf8)))
        }
        let auditAges: [Double] = [1, 364, 366, 380]
        try await store.append(
            audit: auditAges.enumerated().map { index, age in
                BalancerAuditEntry(
                    id: BalancerActionID(time: Self.daysAgo(age), sequence: index), time: Self.daysAgo(age),
                    minerID: MinerRecord.ID(1), command: .sleep, from: nil, to: .sleeping, reason: "test",
                    expectedDelta: Watts(-3000), outcome: .verified, actor: .balancer)
            })

        let report = try await service(store, buildsRollups: false).runOnce()

        let readings = try await store.plantReadings(from: UnixMillis(0), to: UnixMillis(Int64.max), limit: nil)
        #expect(readings.map(\.receivedAt) == [Self.daysAgo(89.9), Self.daysAgo(0.1)])
        let audit = try await store.auditEntries(miner: nil, from: UnixMillis(0), to: UnixMillis(Int64.max), limit: nil)
        #expect(audit.map(\.time) == [Self.daysAgo(364), Self.daysAgo(1)])
        #expect(report.deletedPlantReadings == 2 && report.deletedAuditEntries == 2)
        #expect(report.logLine.contains("2 plant readings, 2 audit entries"), "\(report.logLine)")
    }

    static func deleteHistory(_ store: any HiveStore) async throws {
        let miner = try await store.upsert(discovered: .at("10.9.0.1", mac: "AA:BB:CC:00:09:01")).minerID
        try await store.append(
            statuses: [0, 1, 2, 3].map { StatusSample.mining(miner, at: PollingFixture.epoch + $0 * day) })
        let deleted = try await store.deleteHistory(before: UnixMillis(PollingFixture.epoch + 2 * day))
        #expect(deleted == 2)
        let kept = try await store.statusHistory(of: miner, from: UnixMillis(0), to: UnixMillis(Int64.max), limit: nil)
        #expect(kept.map(\.time.rawValue) == [2, 3].map { PollingFixture.epoch + $0 * day })
    }

    static let cases: [StorageContractCase] = [
        StorageContractCase(
            "each table keeps exactly what is younger than its window; hours are rolled up first",
            deletesOlderThanEachWindow),
        StorageContractCase(
            "plant readings and the balancer's audit log are pruned by their own windows, in batches",
            prunesPlantReadingsAndAudit),
        StorageContractCase("deleteHistory removes statuses older than a time", deleteHistory),
    ]
}
