import Foundation
import HiveProtocols
import Testing

@testable import HiveHost

@Suite("Storage: packed status blocks (codec)")
struct StoragePackedStatusesTests {
    static let hour: Int64 = 1_735_689_600_000

    /// An hour of minute samples the way a poller writes them: firmware-precision readings
    /// that drift, counters that grow, a missing power target, a failed poll in the middle.
    static func realisticHour(miner: MinerRecord.ID = MinerRecord.ID(7)) -> [StatusSample] {
        var random = SystemRandomNumberGenerator()
        var accepted = 120_000
        return (0..<60).map { minute in
            let time = hour + Int64(minute) * 60_000 + Int64.random(in: 0...3, using: &random)
            if minute == 30 {
                return StatusSample(
                    minerID: miner, time: UnixMillis(time), state: .unknown,
                    error: "timed out: no answer within 10.00 s")
            }
            accepted += Int.random(in: 10...20, using: &random)
            return StatusSample(
                minerID: miner, time: UnixMillis(time), state: .mining,
                hashrateRealtime: HashRate(Double(Int.random(in: 9_300_000...9_700_000, using: &random)) * 1e7),
                hashrateAverage: HashRate(Double(9_512_000 + minute * 13) * 1e7),
                power: Watts(Double(Int.random(in: 3_200...3_300, using: &random))), powerMeasured: true,
                boardTempMin: Celsius(Double(Int.random(in: 550...560, using: &random)) / 10),
                boardTempMax: Celsius(61.5), chipTempMin: Celsius(70), chipTempMax: Celsius(78.25),
                fanMin: RPM(Double(Int.random(in: 4_150...4_250, using: &random))), fanMax: RPM(4560), poolsAlive: 3,
                accepted: accepted, rejected: 3, uptimeSeconds: 86_400 + minute * 60)
        }
    }

    @Test("an hour of minute samples round-trips exactly in about 20 bytes a sample")
    func realisticRoundTrip() throws {
        let samples = Self.realisticHour()
        let bytes = PackedStatuses.pack(samples.shuffled())
        #expect(try PackedStatuses.unpack(bytes, minerID: MinerRecord.ID(7)) == samples)
        #expect(try PackedStatuses.times(bytes) == samples.map(\.time))
        let perSample = Double(bytes.count) / Double(samples.count)
        print("packed statuses: \(bytes.count) bytes for \(samples.count) samples (\(perSample) B/sample)")
        #expect(perSample < 30, "\(bytes.count) bytes")
    }

    @Test("arbitrary values round-trip: raw doubles, extreme integers, gaps, repeated and changing errors")
    func arbitraryRoundTrip() throws {
        var random = SystemRandomNumberGenerator()
        for round in 0..<50 {
            let count = Int.random(in: 1...80, using: &random)
            var times = Set<Int64>()
            while times.count < count { times.insert(Int64.random(in: Int64.min / 2...Int64.max / 2, using: &random)) }
            let samples = times.sorted().map { time -> StatusSample in
                func maybe<T>(_ value: @autoclosure () -> T) -> T? { Bool.random(using: &random) ? value() : nil }
                func anyDouble() -> Double {
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: Double.random(in: -1e300...1e300, using: &random)
                    case 1: Double(Int.random(in: -1000...1000, using: &random)) / 3
                    case 2: Double(Int.random(in: 0...100_000, using: &random)) * 1e7
                    default: Double.leastNonzeroMagnitude * Double(Int.random(in: 1...9, using: &random))
                    }
                }
                return StatusSample(
                    minerID: MinerRecord.ID(3), time: UnixMillis(time),
                    state: MinerStatus.State.allCases.randomElement(using: &random) ?? .unknown,
                    hashrateRealtime: maybe(HashRate(anyDouble())), hashrateAverage: maybe(HashRate(anyDouble())),
                    power: maybe(Watts(anyDouble())), powerMeasured: maybe(Bool.random(using: &random)),
                    powerTarget: maybe(Watts(anyDouble())), boardTempMin: maybe(Celsius(anyDouble())),
                    boardTempMax: maybe(Celsius(anyDouble())), chipTempMin: maybe(Celsius(anyDouble())),
                    chipTempMax: maybe(Celsius(anyDouble())), fanMin: maybe(RPM(anyDouble())),
                    fanMax: maybe(RPM(anyDouble())), poolsAlive: maybe(Int.random(in: 0...3, using: &random)),
                    accepted: maybe([Int.min, Int.max, 0, -1].randomElement(using: &random) ?? 0),
                    rejected: maybe(Int.random(in: Int.min...Int.max, using: &random)),
                    uptimeSeconds: maybe(Int.random(in: 0...1_000_000, using: &random)),
                    error: maybe(["timed out", "überhitzt 🔥", "", "refused"].randomElement(using: &random) ?? ""))
            }
            let bytes = PackedStatuses.pack(samples)
            #expect(try PackedStatuses.unpack(bytes, minerID: MinerRecord.ID(3)) == samples, "round \(round)")
        }
    }

    @Test("non-finite quantities come back nil, as a statuses row stores them")
    func nonFinite() throws {
        let sample = StatusSample(
            minerID: MinerRecord.ID(1), time: UnixMillis(5), hashrateRealtime: HashRate(.nan), power: Watts(.infinity),
            boardTempMax: Celsius(60))
        let back = try PackedStatuses.unpack(PackedStatuses.pack([sample]), minerID: MinerRecord.ID(1))
        #expect(back.first?.hashrateRealtime == nil)
        #expect(back.first?.power == nil)
        #expect(back.first?.boardTempMax == Celsius(60))
    }

    @Test("a damaged blob throws at every truncation and on an unknown version; it never traps")
    func damaged() throws {
        let bytes = PackedStatuses.pack(Self.realisticHour())
        for length in 0..<bytes.count {
            #expect(throws: ByteReader.Damaged.self) {
                try PackedStatuses.unpack(Array(bytes.prefix(length)), minerID: MinerRecord.ID(7))
            }
        }
        var future = bytes
        future[0] = 99
        #expect(throws: ByteReader.Damaged.self) { try PackedStatuses.unpack(future, minerID: MinerRecord.ID(7)) }
        #expect(throws: ByteReader.Damaged.self) { try PackedStatuses.unpack(bytes + [0], minerID: MinerRecord.ID(7)) }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var noise = bytes
            noise[Int.random(in: 1..<noise.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            _ = try? PackedStatuses.unpack(noise, minerID: MinerRecord.ID(7))  // any result but a trap
        }
    }
}
