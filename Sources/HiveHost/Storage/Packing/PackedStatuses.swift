import HiveProtocols

/// One miner's status samples of one hour packed into one blob (a row of `status_blocks`),
/// column by column, so an hour of minute-by-minute samples costs about 20 bytes a sample
/// instead of a ~70-byte row each.
///
/// Packing is lossless for what a `statuses` row holds: every field of every sample comes back
/// equal (non-finite quantities, which a row stores as `NULL`, come back `nil`).
///
/// ## Format (version 1)
///
/// `version` (one byte, 1), `n` (varint: samples), then one column per field in a fixed
/// order — time; the integer columns state, power measured, pools alive, accepted, rejected,
/// uptime; the quantity columns hash rate realtime and average, power, power target, board
/// temperature min/max, chip temperature min/max, fan min/max; last the error. Varints are
/// unsigned LEB128; signed values are zigzag varints.
///
/// - Time: the first time, then the delta of each delta (polls at a steady interval cost one
///   byte each).
/// - Every other column starts with its presence: `0` none present, `1` all present, `2` a
///   bitmap follows (`⌈n/8⌉` bytes, bit `i % 8` of byte `i / 8` for sample `i`). Only present
///   values follow.
/// - Integer columns (state code, 0/1, counts): each value as the (wrapping) difference from the
///   previous present value, starting from 0.
/// - Quantity columns: a signed exponent byte `e` (−6…12), then each value's integer `k` (as
///   differences, like integers), where the value is `k × 10^e` — the coarsest `e` at which
///   every value of the column is exact; or `0x7F` and each value's eight IEEE-754 bytes when
///   no exponent is exact.
/// - The error column: per present value, `0` for "the same as the previous one", otherwise
///   its UTF-8 length + 1 and the bytes.
enum PackedStatuses {
    static let version: UInt8 = 1
    /// Most samples one blob may claim (an hour at one sample a second is 3600).
    static let maxSamples = 1 << 20
    static let rawQuantity: UInt8 = 0x7F
    static let exponents = Array(stride(from: 12, through: -6, by: -1))
    static let powers: [Double] = (0...12).map { exponent in (0..<exponent).reduce(1.0) { value, _ in value * 10 } }

    /// The blob for `samples` (one miner's, in any order; they are packed by time).
    static func pack(_ samples: [StatusSample]) -> [UInt8] {
        let samples = samples.sorted { $0.time < $1.time }
        var writer = ByteWriter(capacity: 32 + samples.count * 24)
        writer.byte(version)
        writer.varint(UInt64(samples.count))
        var previousTime: Int64 = 0
        var previousDelta: Int64 = 0
        for (i, sample) in samples.enumerated() {
            let time = sample.time.rawValue
            if i == 0 {
                writer.signed(time)
            } else {
                let delta = time &- previousTime
                writer.signed(delta &- previousDelta)
                previousDelta = delta
            }
            previousTime = time
        }
        for column in IntegerColumn.all { packIntegers(samples.map(column.get), into: &writer) }
        for column in QuantityColumn.all { packQuantities(samples.map(column.get), into: &writer) }
        packStrings(samples.map(\.error), into: &writer)
        return writer.bytes
    }

    /// The samples of a blob, oldest first, attributed to `minerID`.
    static func unpack(_ bytes: [UInt8], minerID: MinerRecord.ID) throws(ByteReader.Damaged) -> [StatusSample] {
        var reader = ByteReader(bytes)
        let times = try readTimes(&reader)
        var samples = times.map { StatusSample(minerID: minerID, time: $0) }
        for column in IntegerColumn.all {
            let values = try readIntegers(&reader, count: samples.count)
            for i in samples.indices { column.set(&samples[i], values[i]) }
        }
        for column in QuantityColumn.all {
            let values = try readQuantities(&reader, count: samples.count)
            for i in samples.indices { column.set(&samples[i], values[i]) }
        }
        let errors = try readStrings(&reader, count: samples.count)
        for i in samples.indices { samples[i].error = errors[i] }
        guard reader.isAtEnd else { throw ByteReader.Damaged(offset: reader.offset, what: "trailing bytes") }
        return samples
    }

    /// Only the sample times of a blob (a cheap read: the time column comes first).
    static func times(_ bytes: [UInt8]) throws(ByteReader.Damaged) -> [UnixMillis] {
        var reader = ByteReader(bytes)
        return try readTimes(&reader)
    }

    private static func readTimes(_ reader: inout ByteReader) throws(ByteReader.Damaged) -> [UnixMillis] {
        let format = try reader.byte()
        guard format == version else { throw ByteReader.Damaged(offset: 0, what: "unknown version \(format)") }
        let count = try reader.count(atMost: maxSamples)
        var times: [UnixMillis] = []
        times.reserveCapacity(count)
        var time: Int64 = 0
        var delta: Int64 = 0
        for i in 0..<count {
            if i == 0 {
                time = try reader.signed()
            } else {
                delta = delta &+ (try reader.signed())
                time = time &+ delta
            }
            times.append(UnixMillis(time))
        }
        return times
    }
}

extension PackedStatuses {
    /// A field stored as an integer.
    struct IntegerColumn: Sendable {
        var get: @Sendable (StatusSample) -> Int64?
        var set: @Sendable (inout StatusSample, Int64?) -> Void

        static let all: [IntegerColumn] = [
            IntegerColumn(
                get: { Int64($0.state.storageCode) },
                set: { sample, value in sample.state = MinerStatus.State(storageCode: Int(clamping: value ?? 0)) }),
            IntegerColumn(
                get: { $0.powerMeasured.map { $0 ? 1 : 0 } }, set: { $0.powerMeasured = $1.map { $0 != 0 } }),
            count(\.poolsAlive), count(\.accepted), count(\.rejected), count(\.uptimeSeconds),
        ]

        static func count(_ field: any WritableKeyPath<StatusSample, Int?> & Sendable) -> IntegerColumn {
            IntegerColumn(get: { $0[keyPath: field].map(Int64.init) }, set: { $0[keyPath: field] = $1.map(Int.init) })
        }
    }

    /// A field stored as a quantity in its base unit.
    struct QuantityColumn: Sendable {
        var get: @Sendable (StatusSample) -> Double?
        var set: @Sendable (inout StatusSample, Double?) -> Void

        static let all: [QuantityColumn] = [
            field(\.hashrateRealtime), field(\.hashrateAverage), field(\.power), field(\.powerTarget),
            field(\.boardTempMin), field(\.boardTempMax), field(\.chipTempMin), field(\.chipTempMax),
            field(\.fanMin), field(\.fanMax),
        ]

        static func field<Q: PhysicalQuantity>(
            _ path: any WritableKeyPath<StatusSample, Q?> & Sendable
        ) -> QuantityColumn {
            QuantityColumn(
                get: { $0[keyPath: path].flatMap { $0.value.isFinite ? $0.value : nil } },
                set: { $0[keyPath: path] = $1.map { Q($0) } })
        }
    }
}
