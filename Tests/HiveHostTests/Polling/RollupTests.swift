import HiveProtocols
import Testing

@testable import HiveHost

@Suite("Rollup math")
struct RollupTests {
    private static let id1 = MinerRecord.ID(1)
    private static let id2 = MinerRecord.ID(2)

    private static func sample(
        _ miner: MinerRecord.ID, _ seconds: Int64, th: Double? = nil, avgTH: Double? = nil, watts: Double? = nil,
        state: MinerStatus.State = .mining, chip: Double? = nil, board: Double? = nil, error: String? = nil
    ) -> StatusSample {
        StatusSample(
            minerID: miner, time: UnixMillis(seconds * 1000), state: state,
            hashrateRealtime: th.map(HashRate.terahashes),
            hashrateAverage: avgTH.map(HashRate.terahashes), power: watts.map(Watts.init),
            boardTempMax: board.map(Celsius.init), chipTempMax: chip.map(Celsius.init), error: error)
    }

    @Test(
        "bucket starts",
        arguments: [
            (RollupResolution.fiveMinutes, 0, 0), (.fiveMinutes, 299_999, 0), (.fiveMinutes, 300_000, 300_000),
            (.hour, 3_599_999, 0), (.hour, 7_200_001, 7_200_000), (.fiveMinutes, -1, -300_000),
            (.hour, 1_735_691_234_567, 1_735_689_600_000),
        ] as [(RollupResolution, Int64, Int64)])
    func bucket(resolution: RollupResolution, time: Int64, start: Int64) {
        #expect(resolution.bucket(of: UnixMillis(time)) == UnixMillis(start))
    }

    @Test(
        "aggregates",
        arguments: [
            ([1.0, 2, 3, 4], RollupAggregate(count: 4, mean: 2.5, min: 1, max: 4)),
            ([5.0], RollupAggregate(count: 1, mean: 5, min: 5, max: 5)),
            ([2.0, .nan, .infinity, 4], RollupAggregate(count: 2, mean: 3, min: 2, max: 4)),
        ])
    func aggregate(values: [Double], expected: RollupAggregate) {
        #expect(RollupAggregate(values) == expected)
    }

    @Test("no finite value gives no aggregate")
    func emptyAggregate() {
        #expect(RollupAggregate([Double]()) == nil)
        #expect(RollupAggregate([Double.nan]) == nil)
    }

    @Test("merging aggregates weights the means by count")
    func mergeAggregates() {
        let a = RollupAggregate(count: 1, mean: 10, min: 10, max: 10)
        let b = RollupAggregate(count: 3, mean: 2, min: 1, max: 3)
        #expect(a.merged(with: b) == RollupAggregate(count: 4, mean: 4, min: 1, max: 10))
    }

    @Test("per-miner rollups: counts, hash rate and power summaries, temperature maxima")
    func perMiner() throws {
        let samples = [
            Self.sample(Self.id1, 0, th: 100, watts: 3000, chip: 70, board: 60),
            Self.sample(Self.id1, 60, th: 110, watts: 3100, chip: 75, board: 58),
            Self.sample(Self.id1, 120, state: .unknown, error: "timed out"),
            Self.sample(Self.id1, 180, avgTH: 90, watts: 2900, state: .tuning),  // average when no realtime
            Self.sample(Self.id1, 300, th: 50, watts: 1500),  // next bucket
            Self.sample(Self.id2, 30, th: 200, watts: 6000),
        ]
        let rollups = Rollups.perMiner(samples, resolution: .fiveMinutes)
        #expect(rollups.map(\.scope) == [.miner(Self.id1), .miner(Self.id1), .miner(Self.id2)])
        #expect(rollups.map(\.bucket) == [UnixMillis(0), UnixMillis(300_000), UnixMillis(0)])

        let first = rollups[0]
        #expect(first.samples == 4 && first.okSamples == 3 && first.miningSamples == 2 && first.polls == 4)
        let hashrate = try #require(first.hashrate)
        #expect(hashrate.count == 3 && hashrate.min == 90e12 && hashrate.max == 110e12)
        #expect(abs(hashrate.mean - 100e12) < 1)
        #expect(first.power == RollupAggregate(count: 3, mean: 3000, min: 2900, max: 3100))
        #expect(first.chipTempMax == Celsius(75) && first.boardTempMax == Celsius(60))
        #expect(rollups[1].samples == 1 && rollups[1].chipTempMax == nil)
    }

    @Test("fleet rollups sum miners per poll, then summarise the totals")
    func fleet() throws {
        let samples = [
            Self.sample(Self.id1, 0, th: 100, watts: 3000),
            Self.sample(Self.id2, 0, th: 200, watts: 6000),
            Self.sample(Self.id1, 60, th: 100, watts: 3000),
            Self.sample(Self.id2, 60, state: .unknown, error: "unreachable"),  // missing from this poll's total
            Self.sample(Self.id1, 120, watts: 30, state: .sleeping),  // no hash rate, still power
        ]
        let rollups = Rollups.fleet(samples, resolution: .fiveMinutes)
        let fleet = try #require(rollups.first)
        #expect(rollups.count == 1 && fleet.scope == .fleet && fleet.bucket == UnixMillis(0))
        #expect(fleet.samples == 5 && fleet.okSamples == 4 && fleet.miningSamples == 3 && fleet.polls == 3)
        #expect(fleet.hashrate == RollupAggregate(count: 2, mean: 200e12, min: 100e12, max: 300e12))
        #expect(fleet.power == RollupAggregate(count: 3, mean: 4010, min: 30, max: 9000))
    }

    @Test("hourly rollups merged from five-minute ones equal hourly rollups computed directly")
    func mergeMatchesDirect() throws {
        var samples: [StatusSample] = []
        for minute in 0..<60 {
            for miner in [Self.id1, Self.id2] {
                let failed = minute % 17 == 0 && miner == Self.id2
                samples.append(
                    failed
                        ? Self.sample(miner, Int64(minute * 60), state: .unknown, error: "timed out")
                        : Self.sample(
                            miner, Int64(minute * 60), th: 90 + Double((minute * 7 + Int(miner.rawValue)) % 23),
                            watts: 3000 + Double(minute % 11) * 10, chip: 60 + Double(minute % 13)))
            }
        }
        let direct = Rollups.all(samples, resolution: .hour)
        let merged = Rollups.merge(Rollups.all(samples, resolution: .fiveMinutes), into: .hour)
        #expect(merged.count == 3 && direct.count == 3)
        for (a, b) in zip(direct, merged) {
            #expect(a.scope == b.scope && a.bucket == b.bucket && a.resolution == b.resolution)
            #expect(a.samples == b.samples && a.okSamples == b.okSamples && a.polls == b.polls)
            #expect(a.chipTempMax == b.chipTempMax)
            for (x, y) in [(a.hashrate, b.hashrate), (a.power, b.power)] {
                let x = try #require(x)
                let y = try #require(y)
                #expect(x.count == y.count && x.min == y.min && x.max == y.max)
                #expect(abs(x.mean - y.mean) <= abs(x.mean) * 1e-12)
            }
        }
    }

    @Test("merging ignores rollups that are not finer than the target")
    func mergeIgnoresCoarser() {
        let hourly = StatusRollup(scope: .fleet, resolution: .hour, bucket: UnixMillis(0), samples: 5)
        #expect(Rollups.merge([hourly], into: .fiveMinutes).isEmpty)
        #expect(Rollups.merge([hourly], into: .hour) == [hourly])
    }

    @Test("an hour without samples still gets its fleet marker")
    func emptyHourMarker() {
        let rollups = RetentionService.rollups(of: [], hour: UnixMillis(3_600_000))
        #expect(rollups == [StatusRollup(scope: .fleet, resolution: .hour, bucket: UnixMillis(3_600_000))])
    }
}
