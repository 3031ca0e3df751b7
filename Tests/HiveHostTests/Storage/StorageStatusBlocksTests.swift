import Foundation
import GRDB
import HiveProtocols
import Logging
import Testing

@testable import HiveHost

@Suite("Storage: status history packed into hourly blocks")
struct StorageStatusBlocksTests {
    static let hour: Int64 = 3_600_000
    static let start: Int64 = 1_735_689_600_000  // an hour boundary

    /// Three hours of minute samples for each miner.
    static func threeHours(_ miners: [MinerRecord.ID]) -> [StatusSample] {
        miners.flatMap { miner in (0..<180).map { StatusSample.mining(miner, at: start + Int64($0) * 60_000) } }
    }

    static func counts(_ store: SQLiteFleetStore) async throws -> (rows: Int, blocks: Int) {
        try await store.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM statuses") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM status_blocks") ?? -1
            )
        }
    }

    @Test("packing keeps every sample and the newest row; history, latest and polls read the same")
    func packPreservesHistory() async throws {
        try await StorageFixture.with { store, _ in
            let a = try await store.upsert(discovered: .at("10.9.0.1", mac: "AA:BB:CC:00:09:01")).minerID
            let b = try await store.upsert(discovered: .at("10.9.0.2", mac: "AA:BB:CC:00:09:02")).minerID
            try await store.append(statuses: Self.threeHours([a, b]))
            let everything = (UnixMillis(0), UnixMillis(Int64.max))
            let before = try await store.statusHistory(of: a, from: everything.0, to: everything.1, limit: nil)
            let latest = try await store.latestStatuses()
            let polls = try await store.statusPolls()

            // Pack the first two hours: 120 rows per miner.
            let packed = try await store.compactStatuses(before: UnixMillis(Self.start + 2 * Self.hour), limit: 10_000)
            #expect(packed == 240)
            #expect(try await Self.counts(store) == (rows: 120, blocks: 4))
            #expect(try await store.statusHistory(of: a, from: everything.0, to: everything.1, limit: nil) == before)
            #expect(try await store.latestStatuses() == latest)
            #expect(try await store.statusPolls() == polls)

            // Then everything: the newest row of each miner stays a row.
            #expect(try await store.compactStatuses(before: UnixMillis(Int64.max), limit: 10_000) == 118)
            #expect(try await Self.counts(store) == (rows: 2, blocks: 6))
            #expect(try await store.statusHistory(of: a, from: everything.0, to: everything.1, limit: nil) == before)
            #expect(try await store.latestStatuses() == latest)
            #expect(try await store.statusPolls() == polls)

            // Ranges and limits cut across blocks and rows alike.
            let middle = try await store.statusHistory(
                of: b, from: UnixMillis(Self.start + 59 * 60_000), to: UnixMillis(Self.start + 62 * 60_000), limit: nil)
            #expect(middle.map(\.time.rawValue) == (59...61).map { Self.start + Int64($0) * 60_000 })
            let firstFive = try await store.statusHistory(of: b, from: everything.0, to: everything.1, limit: 5)
            #expect(firstFive.map(\.time.rawValue) == (0..<5).map { Self.start + Int64($0) * 60_000 })
            #expect(try await store.oldestStatusTime() == UnixMillis(Self.start))
        }
    }

    @Test("a sample written again for a packed time wins at once and is merged by the next pack")
    func lateSampleMerges() async throws {
        try await StorageFixture.with { store, _ in
            let a = try await store.upsert(discovered: .at("10.9.0.3", mac: "AA:BB:CC:00:09:03")).minerID
            try await store.append(statuses: Self.threeHours([a]))
            _ = try await store.compactStatuses(before: UnixMillis(Self.start + 3 * Self.hour), limit: 10_000)
            var late = StatusSample.mining(a, at: Self.start + 10 * 60_000)
            late.state = .sleeping
            late.error = "curtailed"
            let extra = StatusSample.mining(a, at: Self.start + 10 * 60_000 + 30_000)
            try await store.append(statuses: [late, extra])
            let window = (UnixMillis(Self.start + 10 * 60_000), UnixMillis(Self.start + 11 * 60_000))
            #expect(try await store.statusHistory(of: a, from: window.0, to: window.1, limit: nil) == [late, extra])
            #expect(try await store.compactStatuses(before: UnixMillis(Self.start + 3 * Self.hour), limit: 10) == 2)
            #expect(try await store.statusHistory(of: a, from: window.0, to: window.1, limit: nil) == [late, extra])
            #expect(try await Self.counts(store) == (rows: 1, blocks: 3))
        }
    }

    @Test("retention deletes whole blocks and trims the one that straddles the cutoff")
    func retentionOnBlocks() async throws {
        try await StorageFixture.with { store, _ in
            let a = try await store.upsert(discovered: .at("10.9.0.4", mac: "AA:BB:CC:00:09:04")).minerID
            try await store.append(statuses: Self.threeHours([a]))
            _ = try await store.compactStatuses(before: UnixMillis(Int64.max), limit: 10_000)
            let cutoff = Self.start + Self.hour + 30 * 60_000  // half-way through the second hour
            #expect(try await store.deleteStatuses(before: UnixMillis(cutoff), limit: 10_000) == 90)
            let left = try await store.statusHistory(of: a, from: UnixMillis(0), to: UnixMillis(Int64.max), limit: nil)
            #expect(left.map(\.time.rawValue) == (90..<180).map { Self.start + Int64($0) * 60_000 })
            #expect(try await Self.counts(store) == (rows: 1, blocks: 2))
            // In batches: rows first, then whole blocks (one block may pass the limit).
            #expect(try await store.deleteStatuses(before: UnixMillis(Int64.max), limit: 1) == 1)
            #expect(try await store.deleteStatuses(before: UnixMillis(Int64.max), limit: 1) == 30)
            #expect(try await store.deleteStatuses(before: UnixMillis(Int64.max), limit: 100) == 59)
            #expect(try await store.latestStatuses().isEmpty)
        }
    }

    @Test("a provisional miner merged into a known one brings its packed history")
    func mergeMovesBlocks() async throws {
        try await StorageFixture.with { store, _ in
            let known = try await store.upsert(discovered: .at("10.9.0.7", mac: "AA:BB:CC:00:09:07")).minerID
            let provisional = try await store.upsert(discovered: .at("10.9.0.5")).minerID
            // Both have packed samples in the same hours, at different times.
            let own = (0..<180).map { StatusSample.mining(known, at: Self.start + Int64($0) * 60_000 + 30_000) }
            try await store.append(statuses: Self.threeHours([provisional]) + own)
            _ = try await store.compactStatuses(before: UnixMillis(Int64.max), limit: 10_000)
            let merged = try await store.upsert(
                discovered: .at("10.9.0.5", mac: "AA:BB:CC:00:09:07", time: Self.start + 4 * Self.hour))
            #expect(merged.minerID == known)
            #expect(try await store.miner(provisional) == nil)
            let history = try await store.statusHistory(
                of: known, from: UnixMillis(0), to: UnixMillis(Int64.max), limit: nil)
            #expect(history.count == 360)
            #expect(history.allSatisfy { $0.minerID == known })
            #expect(history.map(\.time) == history.map(\.time).sorted())
        }
    }

    @Test("the retention service packs completed hours and its rollups read packed history")
    func serviceOnSQLite() async throws {
        try await StorageFixture.with { store, _ in
            let a = try await store.upsert(discovered: .at("10.9.0.6", mac: "AA:BB:CC:00:09:06")).minerID
            try await store.append(statuses: Self.threeHours([a]))
            let service = RetentionService(
                store: store, now: { UnixMillis(Self.start + 3 * Self.hour + 10 * 60_000) },
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            let report = try await service.runOnce()
            #expect(report.packedStatuses == 179)
            #expect(report.hoursRolledUp == 3)
            let hourly = try await store.rollups(
                .miner(a), resolution: .hour, from: UnixMillis(0), to: UnixMillis(Int64.max))
            #expect(hourly.map(\.samples) == [60, 60, 60])
            #expect(try await Self.counts(store) == (rows: 1, blocks: 3))
            #expect(try await service.runOnce().packedStatuses == 0)
        }
    }
}
