/// Appends LEB128 varints, zigzag integers and raw bytes to a growing buffer.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func append(_ other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }

    /// Unsigned LEB128: seven bits per byte, low bits first, high bit set on all but the last.
    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A signed value as a zigzag varint, so small magnitudes of either sign take one byte.
    mutating func signed(_ value: Int64) { varint(Self.zigzag(value)) }

    /// Eight little-endian bytes.
    mutating func word(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }
}

/// Reads what ``ByteWriter`` wrote; every read checks bounds and throws on damaged input.
struct ByteReader {
    /// The reader ran past the end or met an impossible value.
    struct Damaged: Error, CustomStringConvertible {
        var offset: Int
        var what: String
        var description: String { "damaged packed data at byte \(offset): \(what)" }
    }

    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws(Damaged) -> UInt8 {
        guard offset < bytes.count else { throw Damaged(offset: offset, what: "unexpected end") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws(Damaged) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try byte()
            guard shift < 64, shift < 63 || byte <= 1 else { throw Damaged(offset: offset, what: "varint too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func signed() throws(Damaged) -> Int64 { ByteWriter.unzigzag(try varint()) }

    /// A varint that must be a count no larger than `limit`.
    mutating func count(atMost limit: Int) throws(Damaged) -> Int {
        let value = try varint()
        guard value <= UInt64(limit) else { throw Damaged(offset: offset, what: "count \(value) above \(limit)") }
        return Int(value)
    }

    mutating func word() throws(Damaged) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(try byte()) << UInt64(shift) }
        return value
    }

    mutating func bytes(_ count: Int) throws(Damaged) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else { throw Damaged(offset: offset, what: "unexpected end") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
