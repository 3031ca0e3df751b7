extension PackedChips {
    /// Format `0x03`: decimal fixed point. After the format byte: the width of each value in
    /// bytes (1, 2 or 4), a signed exponent `e` (one byte), and a little-endian Int64 `base`;
    /// then per chip an unsigned little-endian offset `n` of that width, all ones = missing.
    /// The value is `(base + n) × 10^e`.
    ///
    /// Firmware reports chip readings at a fixed decimal precision (whole °C, 5 MHz steps, mV,
    /// 0.01 GH/s) over a narrow range, so most blobs need 4–16 bits per chip instead of 32.
    /// A quantity is stored this way only when every value comes back equal at Float32
    /// precision (the precision of format `0x01`) and the offsets fit in 24 bits; otherwise
    /// the 4-byte formats are used. New blobs use the bit-packed form `0x04`.
    static let scaledFormat: UInt8 = 0x03
    /// Format `0x04`: like `0x03`, but the second byte is a width in bits (1–32) and the
    /// offsets are packed back to back, least significant bit first; all ones = missing.
    /// Written since format `0x03` blobs needed a whole byte for a 4-bit range.
    static let bitsFormat: UInt8 = 0x04
    static let scaledHeader = 11

    /// Exponents tried, coarsest first, so the offsets are as small as possible.
    private static let exponents = Array(stride(from: 12, through: -6, by: -1))
    private static let powers: [Double] = (0...12).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// Packs finite values as fixed point when that is exact at Float32 precision and compact.
    static func packScaled(_ values: [Double?]) -> [UInt8]? {
        for exponent in exponents {
            var integers: [Int64?] = []
            integers.reserveCapacity(values.count)
            var exact = true
            for value in values {
                guard let value, value.isFinite else {
                    integers.append(nil)
                    continue
                }
                let scaled = scale(value, exponent).rounded()
                guard abs(scaled) < 1e15, Float(unscale(Int64(scaled), exponent)) == Float(value) else {
                    exact = false
                    break
                }
                integers.append(Int64(scaled))
            }
            // A finer exponent only widens the offsets: the first exact one is the best.
            if exact { return packIntegers(integers, exponent: exponent, maxWidth: 3) }
        }
        return nil
    }

    /// Packs integers as offsets from their minimum, bit-packed in the fewest bits that hold
    /// the range and the missing marker, up to `maxWidth` bytes' worth (format `0x04`).
    static func packIntegers(_ values: [Int64?], exponent: Int, maxWidth: Int) -> [UInt8]? {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return nil }
        let (range, overflow) = high.subtractingReportingOverflow(low)
        // Offsets 0...range, and all ones for "missing": 2^bits - 1 > range.
        guard !overflow, range < Int64.max - 1 else { return nil }
        let bits = max(1, 64 - UInt64(range + 1).leadingZeroBitCount)
        guard bits <= maxWidth * 8 else { return nil }
        var bytes: [UInt8] = [bitsFormat, UInt8(bits), UInt8(bitPattern: Int8(exponent))]
        bytes.reserveCapacity(scaledHeader + (values.count * bits + 7) / 8)
        appendLittleEndian(UInt64(bitPattern: low), width: 8, to: &bytes)
        let missing = (UInt64(1) << bits) - 1
        var accumulator: UInt64 = 0
        var pending = 0
        for value in values {
            let offset = value.map { UInt64($0 - low) } ?? missing
            accumulator |= offset << pending
            pending += bits
            while pending >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                pending -= 8
            }
        }
        if pending > 0 { bytes.append(UInt8(truncatingIfNeeded: accumulator)) }
        return bytes
    }

    /// The values of a fixed-point blob, or `nil` when it is not one or is damaged.
    static func unpackScaled(_ bytes: [UInt8], count: Int) -> [Double?]? {
        guard let (integers, exponent) = scaledIntegers(bytes, count: count) else { return nil }
        return integers.map { $0.map { unscale($0, exponent) } }
    }

    /// The counts of a fixed-point blob with exponent 0, or `nil` when it is not one.
    static func unpackScaledCounts(_ bytes: [UInt8], count: Int) -> [Int?]? {
        guard let (integers, exponent) = scaledIntegers(bytes, count: count), exponent == 0 else { return nil }
        return integers.map { $0.map { Int($0) } }
    }

    private static func scaledIntegers(_ bytes: [UInt8], count: Int) -> ([Int64?], Int)? {
        if bytes.first == bitsFormat { return bitPackedIntegers(bytes, count: count) }
        guard bytes.count >= scaledHeader, bytes[0] == scaledFormat else { return nil }
        let width = Int(bytes[1])
        let exponent = Int(Int8(bitPattern: bytes[2]))
        guard [1, 2, 4].contains(width), exponents.contains(exponent),
            bytes.count == scaledHeader + count * width
        else { return nil }
        let base = Int64(bitPattern: readLittleEndian(bytes, at: 3, width: 8))
        let missing = (UInt64(1) << (width * 8)) - 1
        let integers = (0..<count).map { i -> Int64? in
            let offset = readLittleEndian(bytes, at: scaledHeader + i * width, width: width)
            guard offset != missing else { return nil }
            let (value, overflow) = base.addingReportingOverflow(Int64(offset))
            return overflow ? nil : value
        }
        return (integers, exponent)
    }

    private static func bitPackedIntegers(_ bytes: [UInt8], count: Int) -> ([Int64?], Int)? {
        guard bytes.count >= scaledHeader else { return nil }
        let bits = Int(bytes[1])
        let exponent = Int(Int8(bitPattern: bytes[2]))
        guard (1...32).contains(bits), exponents.contains(exponent),
            bytes.count == scaledHeader + (count * bits + 7) / 8
        else { return nil }
        let base = Int64(bitPattern: readLittleEndian(bytes, at: 3, width: 8))
        let missing = (UInt64(1) << bits) - 1
        var integers: [Int64?] = []
        integers.reserveCapacity(count)
        var accumulator: UInt64 = 0
        var available = 0
        var next = scaledHeader
        for _ in 0..<count {
            while available < bits {
                accumulator |= UInt64(bytes[next]) << available
                next += 1
                available += 8
            }
            let offset = accumulator & missing
            accumulator >>= bits
            available -= bits
            guard offset != missing else {
                integers.append(nil)
                continue
            }
            let (value, overflow) = base.addingReportingOverflow(Int64(offset))
            integers.append(overflow ? nil : value)
        }
        return (integers, exponent)
    }

    private static func scale(_ value: Double, _ exponent: Int) -> Double {
        exponent >= 0 ? value / powers[exponent] : value * powers[-exponent]
    }

    private static func unscale(_ integer: Int64, _ exponent: Int) -> Double {
        exponent >= 0 ? Double(integer) * powers[exponent] : Double(integer) / powers[-exponent]
    }

    private static func appendLittleEndian(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        for byte in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (byte * 8))) }
    }

    private static func readLittleEndian(_ bytes: [UInt8], at start: Int, width: Int) -> UInt64 {
        (0..<width).reduce(UInt64(0)) { value, byte in value | UInt64(bytes[start + byte]) << (byte * 8) }
    }
}
