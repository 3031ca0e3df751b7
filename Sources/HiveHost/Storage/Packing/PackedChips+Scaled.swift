extension PackedChips {
    /// Format `0x03`: decimal fixed point. After the format byte: the width of each value in
    /// bytes (1, 2 or 4), a signed exponent `e` (one byte), and a little-endian Int64 `base`;
    /// then per chip an unsigned little-endian offset `n` of that width, all ones = missing.
    /// The value is `(base + n) × 10^e`.
    ///
    /// Firmware reports chip readings at a fixed decimal precision (whole °C, 5 MHz steps, mV,
    /// 0.01 GH/s) over a narrow range, so most blobs need one or two bytes per chip instead of
    /// four. A quantity is stored this way only when every value comes back equal at Float32
    /// precision (the precision of format `0x01`) and the offsets fit in two bytes (four for
    /// counts); otherwise the 4-byte formats are used.
    static let scaledFormat: UInt8 = 0x03
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
            if exact { return packIntegers(integers, exponent: exponent, maxWidth: 2) }
        }
        return nil
    }

    /// Packs integers as offsets from their minimum, in the narrowest width up to `maxWidth`.
    static func packIntegers(_ values: [Int64?], exponent: Int, maxWidth: Int) -> [UInt8]? {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return nil }
        let (range, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow else { return nil }
        guard let width = [1, 2, 4].first(where: { range < (Int64(1) << ($0 * 8)) - 1 }), width <= maxWidth else {
            return nil
        }
        var bytes: [UInt8] = [scaledFormat, UInt8(width), UInt8(bitPattern: Int8(exponent))]
        bytes.reserveCapacity(scaledHeader + values.count * width)
        appendLittleEndian(UInt64(bitPattern: low), width: 8, to: &bytes)
        let missing = (UInt64(1) << (width * 8)) - 1
        for value in values {
            appendLittleEndian(value.map { UInt64($0 - low) } ?? missing, width: width, to: &bytes)
        }
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
