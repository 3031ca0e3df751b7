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

    @Test("telemetry round-trips boards and chips; replacing a board replaces its chips")
    func telemetry() async throws {
        try await StorageFixture.with { store, _ in
            let id = try await store.upsert(discovered: .at("10.4.0.1", mac: "AA:BB:CC:00:04:01")).minerID
            let board0 = BoardTelemetry(
                index: 0, hashrate: .terahashes(33), frequency: Megahertz(525), voltage: Volts(13.2),
                boardTemps: [Celsius(55), Celsius(61)], chipTemps: [Celsius(70), Celsius(77)], chipsExpected: 76,
                chipsWorking: 76, hardwareErrors: 3, serial: "BRD0",
                chips: (0..<76).map {
                    ChipReading(index: $0, hashrate: .gigahashes(430 + Double($0)), temperature: Celsius(70))
                })
            let board1 = BoardTelemetry(index: 1, hashrate: .terahashes(32), chipsExpected: 76, chipsWorking: 75)
            let sample = TelemetrySample(minerID: id, time: UnixMillis(1_000), telemetry: [board0, board1])
            #expect(sample.boards[0].boardTempMax == Celsius(61))
            #expect(sample.boards[0].chipTempMax == Celsius(77))
            try await store.append(telemetry: [
                sample, TelemetrySample(minerID: id, time: UnixMillis(2_000), telemetry: [board1]),
            ])

            let latest = try #require(try await store.latestTelemetry(of: id))
            #expect(latest.time == UnixMillis(2_000))
            #expect(latest.boards.map(\.index) == [1])
            let history = try await store.telemetryHistory(
                of: id, from: UnixMillis(0), to: UnixMillis(1_500), includeChips: true)
            // Whole GH/s and °C are stored as fixed point: they come back exactly.
            #expect(history == [sample])
            let light = try await store.telemetryHistory(
                of: id, from: UnixMillis(0), to: UnixMillis(5_000), includeChips: false)
            #expect(light.count == 2)
            #expect(light.allSatisfy { $0.boards.allSatisfy(\.chips.isEmpty) })

            // Same (miner, time, board) again without chips: the old chips go too.
            try await store.append(
                telemetry: TelemetrySample(minerID: id, time: UnixMillis(1_000), boards: [BoardSnapshot(index: 0)]))
            let replaced = try await store.telemetryHistory(
                of: id, from: UnixMillis(1_000), to: UnixMillis(1_001), includeChips: true)
            #expect(replaced.first?.boards.first == BoardSnapshot(index: 0))
            #expect(try await store.stats()[table: "chain_chips"]?.rows == 0)
            #expect(try await store.latestTelemetry(of: MinerRecord.ID(12_345)) == nil)
        }
    }

    @Test("merging a provisional miner carries its telemetry and chips along")
    func mergeCarriesTelemetry() async throws {
        try await StorageFixture.with { store, _ in
            let known = try await store.upsert(discovered: .at("10.4.1.1", mac: "AA:BB:CC:00:04:11")).minerID
            let provisional = try await store.upsert(discovered: .at("10.4.1.2")).minerID
            let board = BoardSnapshot(index: 2, chips: [ChipReading(index: 0, temperature: Celsius(66))])
            try await store.append(
                telemetry: TelemetrySample(minerID: provisional, time: UnixMillis(700), boards: [board]))
            _ = try await store.upsert(discovered: .at("10.4.1.2", mac: "AA:BB:CC:00:04:11"))
            let carried = try await store.latestTelemetry(of: known)
            #expect(carried?.boards == [board])
        }
    }
}
