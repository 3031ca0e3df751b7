import HiveProtocols

/// A miner's status history averaged into equal time buckets, for charts: at most a few hundred
/// points whatever the range, so a 30-day chart costs the same to draw as a 1-hour one.
struct HistorySeries: Sendable, Hashable {
    /// One bucket's averages; `nil` when no sample in the bucket reported the value.
    struct Point: Sendable, Hashable {
        var time: UnixMillis
        var samples: Int
        var hashrate: Double?
        var power: Double?
        var chipTemp: Double?
        var boardTemp: Double?
    }

    var from: UnixMillis
    var to: UnixMillis
    var bucketMs: Int64
    var points: [Point]

    /// Averages `samples` (any order) into `buckets` buckets over `from..<to`; empty buckets are
    /// left out so charts show gaps.
    init(samples: [StatusSample], from: UnixMillis, to: UnixMillis, buckets: Int) {
        let count = max(1, buckets)
        let span = max(1, to.rawValue - from.rawValue)
        let width = max(1, (span + Int64(count) - 1) / Int64(count))
        struct Sum {
            var n = 0
            var hashrate = (0.0, 0)
            var power = (0.0, 0)
            var chip = (0.0, 0)
            var board = (0.0, 0)
        }
        var sums = [Int: Sum]()
        func add(_ total: inout (Double, Int), _ value: Double?) {
            guard let value, value.isFinite else { return }
            total.0 += value
            total.1 += 1
        }
        for sample in samples where sample.time >= from && sample.time < to {
            let index = Int((sample.time.rawValue - from.rawValue) / width)
            var sum = sums[index] ?? Sum()
            sum.n += 1
            add(&sum.hashrate, (sample.hashrateRealtime ?? sample.hashrateAverage)?.value)
            add(&sum.power, sample.power?.value)
            add(&sum.chip, sample.chipTempMax?.value)
            add(&sum.board, sample.boardTempMax?.value)
            sums[index] = sum
        }
        func mean(_ total: (Double, Int)) -> Double? { total.1 > 0 ? total.0 / Double(total.1) : nil }
        self.from = from
        self.to = to
        bucketMs = width
        points = sums.keys.sorted().compactMap { index in
            guard let sum = sums[index] else { return nil }
            return Point(
                time: from.adding(milliseconds: Int64(index) * width), samples: sum.n, hashrate: mean(sum.hashrate),
                power: mean(sum.power), chipTemp: mean(sum.chip), boardTemp: mean(sum.board))
        }
    }
}
