import Foundation
import HiveProtocols
import Testing

@testable import HiveHost

@Suite("Storage: growth per day")
struct StorageGrowthTests {
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    @Test("a table spanning more than a day grows by its last 24 hours' rows; bytes scale with them")
    func lastDayOfALongSpan() async throws {
        try await StorageFixture.with { store, _ in
            let ids = try await store.upsert(
                discovered: (0..<4).map { .at("10.7.0.\($0)", mac: String(format: "AA:BB:CC:00:07:%02X", $0)) }
            ).map(\.minerID)
            // Day 1: one sample per miner per hour; day 2 (the last 24 h): one per miner per 10 minutes.
            let first = (0..<24).flatMap { h in ids.map { StatusSample.mining($0, at: Int64(h) * Self.hour) } }
            let second = (0..<144).flatMap { step in
                ids.map { StatusSample.mining($0, at: Self.day + Int64(step + 1) * Self.hour / 6) }
            }
            try await store.append(statuses: first + second)

            let table = try #require(try await store.stats()[table: "statuses"])
            #expect(table.rows == 4 * (24 + 144))
            #expect(table.timeSpan == UnixMillis(0)...UnixMillis(2 * Self.day))
            #expect(table.rowsInLastDay == 4 * 144)
            let growth = try #require(table.growthPerDay)
            #expect(growth.rows == Double(4 * 144))
            let bytes = try #require(table.bytes)
            #expect(growth.bytes == Double(bytes) * Double(4 * 144) / Double(table.rows))
        }
    }

    @Test("a table spanning less than a day is scaled from its span; tables without time have no growth")
    func shortSpanScales() async throws {
        try await StorageFixture.with { store, _ in
            let id = try await store.upsert(discovered: .at("10.7.1.1", mac: "AA:BB:CC:00:07:81")).minerID
            // 61 samples a minute apart: 60 minutes of span.
            try await store.append(statuses: (0...60).map { .mining(id, at: Int64($0) * 60_000) })
            let stats = try await store.stats()
            let statuses = try #require(stats[table: "statuses"])
            #expect(statuses.timeSpan == UnixMillis(0)...UnixMillis(Self.hour))
            #expect(statuses.growthPerDay?.rows.rounded() == Double(61 * 24))
            #expect(stats[table: "miners"]?.timeSpan == nil)
            #expect(stats[table: "miners"]?.growthPerDay == nil)
            #expect(stats[table: "chain_snapshots"]?.growthPerDay == nil)  // empty
            #expect(stats.bytesPerDay == statuses.growthPerDay?.bytes)
        }
    }

    @Test("rollups count as a time series through their bucket column")
    func rollupsHaveGrowth() async throws {
        try await StorageFixture.with { store, _ in
            let rollups = (0..<12).map { step in
                StatusRollup(
                    scope: .fleet, resolution: .fiveMinutes, bucket: UnixMillis(Int64(step) * 300_000), samples: 1)
            }
            try await store.append(rollups: rollups)
            let table = try #require(try await store.stats()[table: "status_rollups"])
            #expect(table.timeSpan == UnixMillis(0)...UnixMillis(11 * 300_000))
            #expect(
                table.growthPerDay.map { ($0.rows * 10).rounded() / 10 } == (12.0 * 86_400_000 / 3_300_000 * 10)
                    .rounded() / 10)
        }
    }
}
