import HiveProtocols
import HiveTesting
import Testing

@testable import HiveHost

@Suite("Retention")
struct RetentionServiceTests {
    private static let day: Int64 = 86_400_000
    private static let hour: Int64 = 3_600_000
    /// "Now" for these tests: day 400, 00:10 UTC.
    private static let now = UnixMillis(400 * day + 10 * 60_000)

    private static func ages(_ days: [Double]) -> [UnixMillis] {
        days.map { now.adding(milliseconds: -Int64($0 * Double(day))) }
    }

    private func service(
        _ store: InMemoryRetentionStore, _ configure: (inout RetentionService.Configuration) -> Void = { _ in },
        clock: ManualClock = ManualClock(), logs: LogCapture = LogCapture()
    ) -> RetentionService {
        var configuration = RetentionService.Configuration()
        configure(&configuration)
        let start = Self.now
        return RetentionService(
            store: store, configuration: configuration, clock: clock,
            now: { start.adding(milliseconds: clock.now.offset.milliseconds) },
            logger: .init(label: "test.retention", factory: { _ in logs }))
    }

    @Test("each table keeps exactly what is younger than its window")
    func deletesOnlyOlderThanEachWindow() async throws {
        let store = InMemoryRetentionStore()
        let statusAges = Self.ages([0.5, 29.9, 30.1, 45])
        await store.seed(
            statuses: statusAges.map { StatusSample(minerID: MinerRecord.ID(1), time: $0) },
            chipRows: Self.ages([1, 6.9, 7.1, 20]), boardSnapshots: Self.ages([7.1, 89, 91, 200]),
            rollups: Self.ages([10, 364, 366]).flatMap { time in
                RollupResolution.allCases.map {
                    StatusRollup(scope: .fleet, resolution: $0, bucket: $0.bucket(of: time))
                }
            })
        let report = try await service(store) { $0.buildsRollups = false }.runOnce()

        #expect(report.deletedStatuses == 2 && report.deletedChipRows == 2)
        #expect(report.deletedBoardSnapshots == 2 && report.deletedRollups == 2)
        #expect(await store.statuses.map(\.time) == Array(statusAges[0...1]))
        #expect(await store.chipRows == Self.ages([1, 6.9]))
        #expect(await store.boardSnapshots == Self.ages([7.1, 89]))
        #expect(await store.rollups.count == 4)
    }

    @Test("deletes run in batches of the configured size until one comes back short")
    func batches() async throws {
        let store = InMemoryRetentionStore()
        await store.seed(
            statuses: Self.ages(Array(repeating: 31, count: 10)).map {
                StatusSample(minerID: MinerRecord.ID(1), time: $0)
            })
        let report = try await service(store) {
            $0.buildsRollups = false
            $0.deleteBatchSize = 3
        }.runOnce()

        #expect(report.deletedStatuses == 10)
        let statusCalls = await store.deleteCalls.filter { $0.table == "statuses" }
        #expect(statusCalls.count == 4 && statusCalls.allSatisfy { $0.limit == 3 })
        // statuses, chips, boards, two rollup widths, plant readings, audit, packing
        #expect(report.deleteBatches == 4 + 1 + 1 + 2 + 1 + 1 + 1)
    }

    @Test("complete hours are rolled up once, with five-minute and hourly rollups, then not revisited")
    func rollsUpCompleteHours() async throws {
        let store = InMemoryRetentionStore()
        let base = Self.now.rawValue - Self.now.rawValue % Self.hour - 2 * Self.hour  // two full hours ago
        var samples: [StatusSample] = []
        for minute in stride(from: 0, to: 130, by: 1) where minute < 120 || minute >= 125 {
            for miner in 1...2 {
                samples.append(
                    StatusSample(
                        minerID: MinerRecord.ID(Int64(miner)), time: UnixMillis(base + Int64(minute) * 60_000),
                        state: .mining, hashrateRealtime: .terahashes(100), power: Watts(3000)))
            }
        }
        await store.seed(statuses: samples)
        let clock = ManualClock()
        let retention = service(store, clock: clock)

        // Now is 00:10 past the hour: the two hours before it are complete (settle 5 min).
        let first = try await retention.runOnce()
        #expect(first.hoursRolledUp == 2)
        let hourly = await store.rollups.filter { $0.resolution == .hour }
        #expect(hourly.count == 6)  // 2 hours × (fleet + 2 miners)
        let fleetHour = try #require(hourly.first { $0.scope == .fleet && $0.bucket == UnixMillis(base) })
        #expect(fleetHour.samples == 120 && fleetHour.polls == 60)
        #expect(fleetHour.hashrate == RollupAggregate(count: 60, mean: 200e12, min: 200e12, max: 200e12))
        #expect(await store.rollups.filter { $0.resolution == .fiveMinutes }.count == 2 * 12 * 3)
        #expect(first.rollupsWritten == 6 + 72)

        // Same hour again: nothing new.
        #expect(try await retention.runOnce().hoursRolledUp == 0)

        // An hour later, the hour that was in progress is rolled up.
        clock.advance(by: .seconds(3600))
        let third = try await retention.runOnce()
        #expect(third.hoursRolledUp == 1)
        #expect(await store.rollups.filter { $0.resolution == .hour && $0.scope == .fleet }.count == 3)
    }

    @Test("raw statuses are kept until their hour is rolled up")
    func keepsUnrolledStatuses() async throws {
        let store = InMemoryRetentionStore()
        let old = Self.ages([40, 39.9, 39.8])  // beyond 30 days, in the first hours to roll up
        await store.seed(statuses: old.map { StatusSample(minerID: MinerRecord.ID(1), time: $0) })
        let report = try await service(store) { $0.maxRollupHoursPerRun = 1 }.runOnce()
        #expect(report.hoursRolledUp == 1)
        #expect(report.deletedStatuses == 1)  // only the sample in the hour rolled up
        #expect(await store.statuses.count == 2)
    }

    @Test("incremental vacuum runs in steps and the database size is reported")
    func vacuumInSteps() async throws {
        let store = InMemoryRetentionStore()
        await store.seed(freePages: 2500)
        let logs = LogCapture()
        let retention = service(store, { $0.vacuumPagesPerStep = 1000 }, logs: logs)
        let report = try await retention.runOnce()
        #expect(report.pagesReclaimed == 2500)
        #expect(report.databaseBytes == 409_600)
        #expect(retention.lastReport == report)
        #expect(
            logs.messages() == [
                "retention completed in 0.00 s: rolled up 0 h (0 rollups); deleted 0 statuses, 0 chip rows, "
                    + "0 board snapshots, 0 rollups, 0 plant readings, 0 audit entries in 8 batches; "
                    + "packed 0 statuses; reclaimed 2500 pages; database 0.4 MB"
            ])
    }

    @Test("runs hourly on the injected clock after its initial delay")
    func hourlySchedule() async throws {
        let store = InMemoryRetentionStore()
        let clock = ManualClock()
        let logs = LogCapture()
        let retention = service(store, clock: clock, logs: logs)
        await withThrowingTaskGroup { group in
            group.addTask { try await retention.run() }
            for (run, deadline) in [120, 3720, 7320].enumerated() {
                await clock.waitForSleepers(1)
                #expect(clock.nextDeadline?.offset == .seconds(deadline))
                #expect(logs.messages().count == run)
                clock.advance(to: .init(offset: .seconds(deadline)))
            }
            await clock.waitForSleepers(1)
            #expect(logs.messages().count == 3)
            group.cancelAll()
        }
    }
}
