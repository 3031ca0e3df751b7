import HiveProtocols

/// Rollup arithmetic: pure functions from status samples to ``StatusRollup``s, and from fine
/// rollups to coarse ones. No I/O, so the math is table-tested apart from storage.
public enum Rollups {
    /// One rollup per miner per bucket that has samples, ordered by miner then bucket.
    public static func perMiner(_ samples: [StatusSample], resolution: RollupResolution) -> [StatusRollup] {
        var groups: [BucketKey: [StatusSample]] = [:]
        for sample in samples {
            groups[BucketKey(scope: .miner(sample.minerID), bucket: resolution.bucket(of: sample.time)), default: []]
                .append(sample)
        }
        return groups.map { key, rows in
            var rollup = summary(of: rows, scope: key.scope, resolution: resolution, bucket: key.bucket)
            rollup.polls = Set(rows.map(\.time)).count
            rollup.hashrate = RollupAggregate(rows.compactMap(hashrate))
            rollup.power = RollupAggregate(rows.compactMap { $0.power?.value })
            return rollup
        }.sorted(by: order)
    }

    /// One fleet rollup per bucket that has samples: samples with the same time are summed
    /// into fleet totals (hash rate and power; a poll where no miner reported one has no
    /// total for it), and the totals are summarised over the bucket.
    public static func fleet(_ samples: [StatusSample], resolution: RollupResolution) -> [StatusRollup] {
        var groups: [UnixMillis: [StatusSample]] = [:]
        for sample in samples { groups[resolution.bucket(of: sample.time), default: []].append(sample) }
        return groups.map { bucket, rows in
            var rollup = summary(of: rows, scope: .fleet, resolution: resolution, bucket: bucket)
            let polls = Dictionary(grouping: rows, by: \.time).values
            rollup.polls = polls.count
            rollup.hashrate = RollupAggregate(polls.compactMap { total($0.compactMap(hashrate)) })
            rollup.power = RollupAggregate(polls.compactMap { total($0.compactMap { $0.power?.value }) })
            return rollup
        }.sorted(by: order)
    }

    /// Per-miner and fleet rollups together.
    public static func all(_ samples: [StatusSample], resolution: RollupResolution) -> [StatusRollup] {
        fleet(samples, resolution: resolution) + perMiner(samples, resolution: resolution)
    }

    /// Combines rollups into coarser buckets of `resolution`, per scope. Counts add up,
    /// aggregates merge exactly, maxima stay maxima. Rollups whose width does not divide
    /// `resolution` (or exceeds it) are ignored.
    public static func merge(_ rollups: [StatusRollup], into resolution: RollupResolution) -> [StatusRollup] {
        var merged: [BucketKey: StatusRollup] = [:]
        for rollup in rollups where resolution.rawValue % rollup.resolution.rawValue == 0 {
            let key = BucketKey(scope: rollup.scope, bucket: resolution.bucket(of: rollup.bucket))
            guard var into = merged[key] else {
                var first = rollup
                first.resolution = resolution
                first.bucket = key.bucket
                merged[key] = first
                continue
            }
            into.samples += rollup.samples
            into.okSamples += rollup.okSamples
            into.miningSamples += rollup.miningSamples
            into.polls += rollup.polls
            into.hashrate = RollupAggregate.merge(into.hashrate, rollup.hashrate)
            into.power = RollupAggregate.merge(into.power, rollup.power)
            into.boardTempMax = maximum(into.boardTempMax, rollup.boardTempMax)
            into.chipTempMax = maximum(into.chipTempMax, rollup.chipTempMax)
            merged[key] = into
        }
        return merged.values.sorted(by: order)
    }

    // MARK: - Helpers

    private struct BucketKey: Hashable {
        var scope: RollupScope
        var bucket: UnixMillis
    }

    /// Counts and temperature maxima, the same for miner and fleet scope.
    private static func summary(
        of rows: [StatusSample], scope: RollupScope, resolution: RollupResolution, bucket: UnixMillis
    ) -> StatusRollup {
        StatusRollup(
            scope: scope, resolution: resolution, bucket: bucket, samples: rows.count,
            okSamples: rows.filter { $0.error == nil }.count, miningSamples: rows.filter { $0.state == .mining }.count,
            boardTempMax: rows.compactMap(\.boardTempMax).filter { $0.value.isFinite }.max(),
            chipTempMax: rows.compactMap(\.chipTempMax).filter { $0.value.isFinite }.max())
    }

    /// A sample's hash rate in H/s: realtime, else the firmware's average.
    private static func hashrate(_ sample: StatusSample) -> Double? {
        (sample.hashrateRealtime ?? sample.hashrateAverage).map(\.value)
    }

    /// The sum of finite values; `nil` when there are none.
    private static func total(_ values: [Double]) -> Double? {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? nil : finite.reduce(0, +)
    }

    private static func maximum(_ a: Celsius?, _ b: Celsius?) -> Celsius? {
        guard let a else { return b }
        guard let b else { return a }
        return Swift.max(a, b)
    }

    private static func order(_ a: StatusRollup, _ b: StatusRollup) -> Bool {
        a.scope != b.scope ? a.scope < b.scope : a.bucket < b.bucket
    }
}
