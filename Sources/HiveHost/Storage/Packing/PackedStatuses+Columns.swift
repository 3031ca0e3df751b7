// The column codecs of `PackedStatuses`: presence, integers as differences, quantities as
// decimal fixed point (or raw doubles), and strings with repeats elided.

extension PackedStatuses {
    static func packPresence(_ present: [Bool], into writer: inout ByteWriter) {
        if !present.contains(true) {
            writer.byte(0)
        } else if !present.contains(false) {
            writer.byte(1)
        } else {
            writer.byte(2)
            var bitmap = [UInt8](repeating: 0, count: (present.count + 7) / 8)
            for (i, isPresent) in present.enumerated() where isPresent { bitmap[i / 8] |= 1 << UInt8(i % 8) }
            writer.append(bitmap)
        }
    }

    static func readPresence(_ reader: inout ByteReader, count: Int) throws(ByteReader.Damaged) -> [Bool] {
        switch try reader.byte() {
        case 0: return Array(repeating: false, count: count)
        case 1: return Array(repeating: true, count: count)
        case 2:
            let bitmap = try reader.bytes((count + 7) / 8)
            return (0..<count).map { i in bitmap[bitmap.startIndex + i / 8] & (1 << UInt8(i % 8)) != 0 }
        case let other: throw ByteReader.Damaged(offset: reader.offset - 1, what: "presence kind \(other)")
        }
    }

    static func packIntegers(_ values: [Int64?], into writer: inout ByteWriter) {
        packPresence(values.map { $0 != nil }, into: &writer)
        var previous: Int64 = 0
        for value in values.compactMap({ $0 }) {
            writer.signed(value &- previous)
            previous = value
        }
    }

    static func readIntegers(_ reader: inout ByteReader, count: Int) throws(ByteReader.Damaged) -> [Int64?] {
        let present = try readPresence(&reader, count: count)
        var previous: Int64 = 0
        var values: [Int64?] = []
        values.reserveCapacity(count)
        for isPresent in present {
            guard isPresent else {
                values.append(nil)
                continue
            }
            previous = previous &+ (try reader.signed())
            values.append(previous)
        }
        return values
    }

    static func packQuantities(_ values: [Double?], into writer: inout ByteWriter) {
        packPresence(values.map { $0 != nil }, into: &writer)
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return }
        if let (exponent, integers) = fixedPoint(present) {
            writer.byte(UInt8(bitPattern: Int8(exponent)))
            var previous: Int64 = 0
            for integer in integers {
                writer.signed(integer &- previous)
                previous = integer
            }
        } else {
            writer.byte(rawQuantity)
            for value in present { writer.word(value.bitPattern) }
        }
    }

    static func readQuantities(_ reader: inout ByteReader, count: Int) throws(ByteReader.Damaged) -> [Double?] {
        let present = try readPresence(&reader, count: count)
        guard present.contains(true) else { return Array(repeating: nil, count: count) }
        let mode = try reader.byte()
        let exponent = Int(Int8(bitPattern: mode))
        guard mode == rawQuantity || exponents.contains(exponent) else {
            throw ByteReader.Damaged(offset: reader.offset - 1, what: "quantity exponent \(exponent)")
        }
        var previous: Int64 = 0
        var values: [Double?] = []
        values.reserveCapacity(count)
        for isPresent in present {
            guard isPresent else {
                values.append(nil)
                continue
            }
            if mode == rawQuantity {
                values.append(Double(bitPattern: try reader.word()))
            } else {
                previous = previous &+ (try reader.signed())
                values.append(unscale(previous, exponent))
            }
        }
        return values
    }

    /// The coarsest exponent at which every value is exactly `k × 10^e`, with the `k`s.
    static func fixedPoint(_ values: [Double]) -> (Int, [Int64])? {
        exponentLoop: for exponent in exponents {
            var integers: [Int64] = []
            integers.reserveCapacity(values.count)
            for value in values {
                let scaled = (exponent >= 0 ? value / powers[exponent] : value * powers[-exponent]).rounded()
                // Beyond 2^53 doubles are not consecutive integers; such values go raw.
                guard abs(scaled) < 9.0e15 else { continue exponentLoop }
                let integer = Int64(scaled)
                guard unscale(integer, exponent) == value else { continue exponentLoop }
                integers.append(integer)
            }
            return (exponent, integers)
        }
        return nil
    }

    static func unscale(_ integer: Int64, _ exponent: Int) -> Double {
        exponent >= 0 ? Double(integer) * powers[exponent] : Double(integer) / powers[-exponent]
    }

    static func packStrings(_ values: [String?], into writer: inout ByteWriter) {
        packPresence(values.map { $0 != nil }, into: &writer)
        var previous: String?
        for value in values.compactMap({ $0 }) {
            if value == previous {
                writer.varint(0)
            } else {
                let utf8 = Array(value.utf8)
                writer.varint(UInt64(utf8.count) + 1)
                writer.append(utf8)
            }
            previous = value
        }
    }

    static func readStrings(_ reader: inout ByteReader, count: Int) throws(ByteReader.Damaged) -> [String?] {
        let present = try readPresence(&reader, count: count)
        var previous: String?
        var values: [String?] = []
        values.reserveCapacity(count)
        for isPresent in present {
            guard isPresent else {
                values.append(nil)
                continue
            }
            let length = try reader.count(atMost: 1 << 24)
            if length == 0 {
                guard let previous else { throw ByteReader.Damaged(offset: reader.offset, what: "repeat of nothing") }
                values.append(previous)
            } else {
                let string = String(decoding: try reader.bytes(length - 1), as: UTF8.self)
                values.append(string)
                previous = string
            }
        }
        return values
    }
}
