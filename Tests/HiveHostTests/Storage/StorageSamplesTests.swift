import GRDB
import HiveProtocols
import Testing

@testable import HiveHost

@Suite("Storage: status and telemetry samples")
struct StorageSamplesTests {
    @Test("latest status per miner comes from one query, whatever order samples arrived in")
    func latestPerMiner() async throws {
        try await StorageFixture.with { store, _ in
            let a = try await store.upsert(discovered: .at("10.4.0.1", mac: "AA:BB:CC:00:04:01")).minerID
            let b = try await store.upsert(discovered: .at("10.4.0.2", mac: "AA:BB:CC:00:04:02")).minerID
            _ = try await store.upsert(discovered: .at("10.4.0.3", mac: "AA:BB:CC:00:04:03"))  // never polled
            try await store.append(statuses: [.mining(a, at: 3_000), .mining(b, at: 1_000), .mining(a, at: 1_000)])
            try await store.append(status: .mining(a, at: 2_000))  // late arrival
            let latest = try await store.latestStatuses()
            #expect(latest.map(\.minerID) == [a, b])
            #expect(latest.map(\.time.rawValue) == [3_000, 1_000])
            #expect(latest.first == .mining(a, at: 3_000))
        }
    }

    @Test("latest-per-miner seeks each miner's newest row instead of scanning the history")
    func latestQueryPlan() async throws {
        try await StorageFixture.with { store, _ in
            let plan = try await store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM miner_latest ORDER BY miner_id")
                    .map { try $0.decode(String.self, forColumn: "detail") }
            }
            #expect(!plan.contains { $0.hasPrefix("SCAN s") || $0.hasPrefix("SCAN statuses") }, "\(plan)")
            #expect(plan.contains("SEARCH s USING PRIMARY KEY (miner_id=? AND ts_ms=?)"), "\(plan)")
        }
    }

    @Test("history is a half-open range, oldest first, with an optional limit; a repeated time replaces")
    func history() async throws {
        try await StorageFixture.with { store, _ in
            let a = try await store.upsert(discovered: .at("10.4.0.1", mac: "AA:BB:CC:00:04:01")).minerID
            try await store.append(statuses: (1...10).map { .mining(a, at: Int64($0) * 100) })
            let range = try await store.statusHistory(of: a, from: UnixMillis(300), to: UnixMillis(700), limit: nil)
            #expect(range.map(\.time.rawValue) == [300, 400, 500, 600])
            let limited = try await store.statusHistory(of: a, from: UnixMillis(0), to: UnixMillis(10_000), limit: 2)
            #expect(limited.map(\.time.rawValue) == [100, 200])

            var replacement = StatusSample.mining(a, at: 500)
            replacement.state = .sleeping
            replacement.error = "curtailed"
            try await store.append(status: replacement)
            let row = try await store.statusHistory(of: a, from: UnixMillis(500), to: UnixMillis(501), limit: nil)
            #expect(row == [replacement])
        }
    }

    @Test("a driver status is summarised without inventing values")
    func fromMinerStatus() async throws {
        let status = MinerStatus(
            state: .mining, hashrateRealtime: .terahashes(95), power: Watts(3100), powerSource: .estimated,
            fans: [RPM(5000), RPM(0), RPM(4800)],
            pools: [
                .init(url: "stratum+tcp://a", alive: true, accepted: 10, rejected: 1),
                .init(url: "stratum+tcp://b", alive: false, accepted: 5),
                .init(url: "stratum+tcp://c"),
            ],
            uptimeSeconds: 42)
        let sample = StatusSample(minerID: MinerRecord.ID(1), time: UnixMillis(5), status: status)
        #expect(sample.powerMeasured == false)
        #expect(sample.fanMin == RPM(0))
        #expect(sample.fanMax == RPM(5000))
        #expect(sample.poolsAlive == 1)
        #expect(sample.accepted == 15)
        #expect(sample.rejected == 1)
        #expect(sample.hashrateAverage == nil)
        #expect(sample.boardTempMax == nil)

        let bare = StatusSample(minerID: MinerRecord.ID(1), time: UnixMillis(5), status: MinerStatus())
        #expect(bare.poolsAlive == nil && bare.accepted == nil && bare.fanMin == nil && bare.powerMeasured == nil)

        try await StorageFixture.with { store, _ in
            let id = try await store.upsert(discovered: .at("10.4.0.9", mac: "AA:BB:CC:00:04:09")).minerID
            var stored = StatusSample(minerID: id, time: UnixMillis(5), status: status)
            stored.chipTempMax = Celsius(.nan)  // not storable: reads back as missing
            try await store.append(status: stored)
            stored.chipTempMax = nil
            #expect(try await store.latestStatuses() == [stored])
            for state in MinerStatus.State.allCases {
                #expect(MinerStatus.State(storageCode: state.storageCode) == state)
            }
            #expect(MinerStatus.State(storageCode: 99) == .unknown)
        }
    }
}
