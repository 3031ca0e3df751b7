import HiveProtocols

/// Per-chip readings of one board packed into a few blobs, one per quantity, so a board of
/// 100+ chips is one row instead of 100+.
///
/// ## Format
///
/// Each blob is one format byte followed by `chipCount` values, the value for chip `i` at
/// position `i`:
/// - `0x04` (written) and `0x03` (still read): decimal fixed point, as few bits per value as
///   the column's range needs (at most 24), used whenever it keeps every value at Float32
///   precision (see `PackedChips+Scaled`); otherwise:
/// - `0x01`: IEEE 754 Float32 in the quantity's base unit (H/s, °C, MHz, V); NaN = missing.
///   Float32 keeps ~7 significant digits, more than any firmware reports, at half the size
///   of a Double; Float16 would halve it again but cannot hold H/s and would cost
///   frequency resolution (0.5 MHz near 600 MHz).
/// - `0x02`: UInt32 counts; `0xFFFF_FFFF` = missing.
///
/// A quantity no chip reports is stored as `NULL`, not as a blob of NaNs. Chips are placed
/// at their reported index when every index is distinct and below ``maxChips``; otherwise
/// in the order given. Decoding yields one ``ChipReading`` per position that has at least
/// one value, so a chip with no readings at all does not survive a round trip.
struct PackedChips: Sendable, Hashable {
    /// Positions in every blob.
    var chipCount: Int
    /// Chip hash rates (H/s).
    var hashrate: [UInt8]?
    /// Chip temperatures (°C).
    var temperature: [UInt8]?
    /// Chip frequencies (MHz).
    var frequency: [UInt8]?
    /// Chip voltages (V).
    var voltage: [UInt8]?
    /// Chip error counts.
    var errors: [UInt8]?

    /// Most chips one board may have when indices are used as positions.
    static let maxChips = 4096
    static let float32Format: UInt8 = 0x01
    static let uint32Format: UInt8 = 0x02
    static let missingCount: UInt32 = 0xFFFF_FFFF

    /// Packs readings; `nil` when there are none.
    init?(_ chips: [ChipReading]) {
        guard !chips.isEmpty else { return nil }
        let indices = chips.map(\.index)
        let usesIndex = indices.allSatisfy { (0..<Self.maxChips).contains($0) } && Set(indices).count == indices.count
        let count = usesIndex ? (indices.max() ?? -1) + 1 : chips.count
        var slots = [ChipReading?](repeating: nil, count: count)
        for (offset, chip) in chips.enumerated() { slots[usesIndex ? chip.index : offset] = chip }
        chipCount = count
        hashrate = Self.packFloats(slots.map { $0?.hashrate?.value })
        temperature = Self.packFloats(slots.map { $0?.temperature?.value })
        frequency = Self.packFloats(slots.map { $0?.frequency?.value })
        voltage = Self.packFloats(slots.map { $0?.voltage?.value })
        errors = Self.packCounts(slots.map { $0?.errors })
    }

    /// Wraps stored blobs.
    init(
        chipCount: Int, hashrate: [UInt8]?, temperature: [UInt8]?, frequency: [UInt8]?, voltage: [UInt8]?,
        errors: [UInt8]?
    ) {
        self.chipCount = chipCount
        self.hashrate = hashrate
        self.temperature = temperature
        self.frequency = frequency
        self.voltage = voltage
        self.errors = errors
    }

    /// The readings back; malformed blobs read as missing values.
    var readings: [ChipReading] {
        let count = max(0, min(chipCount, Self.maxChips))
        let hashrates = Self.unpackFloats(hashrate, count: count)
        let temperatures = Self.unpackFloats(temperature, count: count)
        let frequencies = Self.unpackFloats(frequency, count: count)
        let voltages = Self.unpackFloats(voltage, count: count)
        let errorCounts = Self.unpackCounts(errors, count: count)
        return (0..<count).compactMap { i in
            let chip = ChipReading(
                index: i, hashrate: hashrates[i].map(HashRate.init), temperature: temperatures[i].map(Celsius.init),
                frequency: frequencies[i].map(Megahertz.init), voltage: voltages[i].map(Volts.init),
                errors: errorCounts[i])
            let empty =
                chip.hashrate == nil && chip.temperature == nil && chip.frequency == nil
                && chip.voltage == nil && chip.errors == nil
            return empty ? nil : chip
        }
    }

    static func packFloats(_ values: [Double?]) -> [UInt8]? {
        guard values.contains(where: { $0?.isFinite == true }) else { return nil }
        if let scaled = packScaled(values) { return scaled }
        var bytes: [UInt8] = [float32Format]
        bytes.reserveCapacity(1 + values.count * 4)
        for value in values {
            let float = value.flatMap { $0.isFinite ? Float($0) : nil } ?? .nan
            appendLittleEndian(float.bitPattern, to: &bytes)
        }
        return bytes
    }

    static func packCounts(_ values: [Int?]) -> [UInt8]? {
        let words = values.map { value -> UInt32 in
            guard let value, value >= 0, value < Int(missingCount) else { return missingCount }
            return UInt32(value)
        }
        guard words.contains(where: { $0 != missingCount }) else { return nil }
        let counts = words.map { $0 == missingCount ? nil : Int64($0) }
        if let scaled = packIntegers(counts, exponent: 0, maxWidth: 3) { return scaled }
        var bytes: [UInt8] = [uint32Format]
        bytes.reserveCapacity(1 + words.count * 4)
        for word in words { appendLittleEndian(word, to: &bytes) }
        return bytes
    }

    static func unpackFloats(_ bytes: [UInt8]?, count: Int) -> [Double?] {
        if let bytes, let scaled = unpackScaled(bytes, count: count) { return scaled }
        guard let words = words(bytes, format: float32Format, count: count) else {
            return Array(repeating: nil, count: count)
        }
        return words.map { word in
            let float = Float(bitPattern: word)
            return float.isFinite ? Double(float) : nil
        }
    }

    static func unpackCounts(_ bytes: [UInt8]?, count: Int) -> [Int?] {
        if let bytes, let scaled = unpackScaledCounts(bytes, count: count) { return scaled }
        guard let words = words(bytes, format: uint32Format, count: count) else {
            return Array(repeating: nil, count: count)
        }
        return words.map { $0 == missingCount ? nil : Int($0) }
    }

    /// The 4-byte words of a blob, or `nil` when absent, of another format or the wrong size.
    private static func words(_ bytes: [UInt8]?, format: UInt8, count: Int) -> [UInt32]? {
        guard let bytes, bytes.count == 1 + count * 4, bytes.first == format else { return nil }
        return (0..<count).map { i in
            let base = 1 + i * 4
            return UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16
                | UInt32(bytes[base + 3]) << 24
        }
    }

    private static func appendLittleEndian(_ word: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: word))
        bytes.append(UInt8(truncatingIfNeeded: word >> 8))
        bytes.append(UInt8(truncatingIfNeeded: word >> 16))
        bytes.append(UInt8(truncatingIfNeeded: word >> 24))
    }
}
