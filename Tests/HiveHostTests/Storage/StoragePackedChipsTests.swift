import HiveProtocols
import Testing

@testable import HiveHost

extension ChipReading {
    /// The reading as the Float32 packing keeps it.
    var asFloat32: ChipReading {
        func f<Q: PhysicalQuantity>(_ q: Q?) -> Q? { q.map { Q(Double(Float($0.value))) } }
        return ChipReading(
            index: index, hashrate: f(hashrate), temperature: f(temperature), frequency: f(frequency),
            voltage: f(voltage), errors: errors)
    }
}

@Suite("Storage: per-chip packing")
struct StoragePackedChipsTests {
    @Test("readings survive a round trip, missing values included")
    func roundTrip() throws {
        let chips = [
            ChipReading(
                index: 0, hashrate: .gigahashes(812.5), temperature: Celsius(71.25), frequency: Megahertz(525),
                voltage: Volts(0.32), errors: 0),
            ChipReading(
                index: 1, hashrate: nil, temperature: Celsius(-5), frequency: nil, voltage: Volts(0.33),
                errors: 17),
            ChipReading(
                index: 2, hashrate: .gigahashes(790), temperature: nil, frequency: Megahertz(531.25),
                voltage: nil, errors: nil),
        ]
        let packed = try #require(PackedChips(chips))
        #expect(packed.chipCount == 3)
        // 812.5 and 790 GH/s are 0.1 GH/s steps 225 apart: fixed point, 8 bits per chip.
        #expect(packed.hashrate?.first == PackedChips.bitsFormat)
        #expect(packed.hashrate?.count == PackedChips.scaledHeader + 3 * 1)
        #expect(packed.errors?.first == PackedChips.bitsFormat)
        #expect(packed.errors?.count == PackedChips.scaledHeader + 2)  // 0...17 and missing: 5 bits each
        #expect(packed.readings.map(\.asFloat32) == chips.map(\.asFloat32))
        // Exactly representable values come back exactly.
        #expect(packed.readings[1].temperature == Celsius(-5))
        #expect(packed.readings[1].errors == 17)
    }

    @Test("readings at firmware precision take a few bits per chip; arbitrary values stay Float32")
    func fixedPoint() throws {
        let chips = (0..<100).map { (i: Int) -> ChipReading in
            let hashrate = HashRate(Double(78_000 + (i * 37) % 8000) * 1e7)
            let temperature = Celsius(Double(60 + i % 20))
            let frequency = Megahertz(Double(490 + 5 * (i % 14)))
            let voltage = Volts(Double(1280 + i % 60) / 1000)
            return ChipReading(
                index: i + 1, hashrate: hashrate, temperature: temperature, frequency: frequency, voltage: voltage,
                errors: i % 41)
        }
        let packed = try #require(PackedChips(chips))
        #expect(packed.chipCount == 101)  // ids from 1: position 0 stays empty
        func bytes(_ bits: Int) -> Int { PackedChips.scaledHeader + (101 * bits + 7) / 8 }
        #expect(packed.hashrate?.count == bytes(12))  // 0.01 GH/s steps, 3663 apart
        #expect(packed.temperature?.count == bytes(5))  // 60...79 °C
        #expect(packed.frequency?.count == bytes(7))  // 490...555 MHz
        #expect(packed.voltage?.count == bytes(6))  // 1.280...1.339 V
        #expect(packed.errors?.count == bytes(6))  // 0...40
        #expect(packed.readings == chips)  // exact decimals come back exactly

        // Spread over ±5 % with no decimal grid: offsets would not fit 24 bits at any exponent.
        let noisy = (0..<50).map { (i: Int) -> ChipReading in
            let wobble = (Double(i) * 0.618_033_988_7).truncatingRemainder(dividingBy: 1) - 0.5
            return ChipReading(index: i, hashrate: HashRate(8e11 * (1 + wobble * 0.1) + 0.123_456))
        }
        let float = try #require(PackedChips(noisy))
        #expect(float.hashrate?.first == PackedChips.float32Format)
        #expect(float.readings == noisy.map(\.asFloat32))
        #expect(float.hashrate?.count == 1 + 50 * 4)
    }

    @Test("blobs of the byte-wide fixed-point format written by earlier versions still read")
    func byteWideFormat() throws {
        // Format 0x03, one byte per value, exponent 0, base 60; offsets 0, 5 and missing.
        let temperatures: [UInt8] = [0x03, 1, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0xFF]
        let packed = PackedChips(
            chipCount: 3, hashrate: nil, temperature: temperatures, frequency: nil, voltage: nil, errors: nil)
        #expect(packed.readings.map(\.temperature) == [Celsius(60), Celsius(65)])
        #expect(packed.readings.map(\.index) == [0, 1])
    }

    @Test("values are kept to Float32 precision")
    func precision() throws {
        let chip = ChipReading(index: 0, hashrate: HashRate(123_456_789_012.0), temperature: Celsius(64.123456))
        let back = try #require(PackedChips([chip])?.readings.first)
        let hashrate = try #require(back.hashrate?.value)
        let temperature = try #require(back.temperature?.value)
        #expect(abs(hashrate - 123_456_789_012.0) / 123_456_789_012.0 < 1e-7)
        #expect(abs(temperature - 64.123456) < 1e-5)
    }

    @Test("sparse indices keep their positions; chips with no reading at all are dropped")
    func sparse() throws {
        let chips = [
            ChipReading(index: 5, temperature: Celsius(60)),
            ChipReading(index: 1, temperature: Celsius(61)),
            ChipReading(index: 3),  // reports nothing
        ]
        let packed = try #require(PackedChips(chips))
        #expect(packed.chipCount == 6)
        #expect(packed.hashrate == nil)  // no chip reports it: NULL, not a blob of NaN
        #expect(packed.errors == nil)
        #expect(
            packed.readings == [
                ChipReading(index: 1, temperature: Celsius(61)), ChipReading(index: 5, temperature: Celsius(60)),
            ])
    }

    @Test("duplicate or out-of-range indices fall back to the order given")
    func unusableIndices() throws {
        let duplicated = [ChipReading(index: 0, errors: 1), ChipReading(index: 0, errors: 2)]
        #expect(
            PackedChips(duplicated)?.readings == [ChipReading(index: 0, errors: 1), ChipReading(index: 1, errors: 2)])
        let huge = [ChipReading(index: 1_000_000, errors: 3), ChipReading(index: -1, errors: 4)]
        #expect(PackedChips(huge)?.readings == [ChipReading(index: 0, errors: 3), ChipReading(index: 1, errors: 4)])
    }

    @Test("non-finite and unrepresentable inputs are stored as missing")
    func invalidValues() throws {
        let chips = [
            ChipReading(index: 0, hashrate: HashRate(.nan), temperature: Celsius(.infinity), errors: -1),
            ChipReading(index: 1, frequency: Megahertz(500), errors: Int(UInt32.max) + 10),
        ]
        let packed = try #require(PackedChips(chips))
        #expect(packed.hashrate == nil)
        #expect(packed.temperature == nil)
        #expect(packed.errors == nil)
        #expect(packed.readings == [ChipReading(index: 1, frequency: Megahertz(500))])
    }

    @Test("no chips, no row; damaged blobs read as missing instead of trapping")
    func emptyAndDamaged() {
        #expect(PackedChips([]) == nil)
        let damaged = PackedChips(
            chipCount: 2, hashrate: [0x01, 0x00], temperature: [0x07] + [UInt8](repeating: 0, count: 8),
            frequency: nil, voltage: nil, errors: [0x02, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(damaged.readings == [ChipReading(index: 0, errors: 1)])
        let negative = PackedChips(
            chipCount: -4, hashrate: nil, temperature: nil, frequency: nil, voltage: nil, errors: nil)
        #expect(negative.readings.isEmpty)
    }
}
