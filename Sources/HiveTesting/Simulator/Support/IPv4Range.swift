/// An IPv4 CIDR block such as `127.77.0.0/22`.
struct IPv4Range: Sendable, Hashable, CustomStringConvertible {
    /// The network address as a 32-bit number.
    let base: UInt32
    /// The prefix length.
    let prefix: Int

    /// Parses `a.b.c.d/n` (a bare address means `/32`); `nil` when malformed.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Range.parse(address: String(parts[0])) else { return nil }
        var prefix = 32
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...32).contains(value) else { return nil }
            prefix = value
        }
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
        self.base = address & mask
        self.prefix = prefix
    }

    /// Number of addresses in the block.
    var size: UInt64 { UInt64(1) << UInt64(32 - prefix) }

    /// Usable host addresses: without the network and broadcast addresses for blocks of four
    /// or more (like a real subnet), every address otherwise.
    var hosts: [UInt32] {
        let first = UInt64(base)
        let last = first + size - 1
        guard size >= 4 else { return (first...last).map { UInt32($0) } }
        return ((first + 1)...(last - 1)).map { UInt32($0) }
    }

    /// Number of usable host addresses (see ``hosts``).
    var hostCount: UInt64 { size >= 4 ? size - 2 : size }

    /// Whether `address` is in the block.
    func contains(_ address: UInt32) -> Bool {
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
        return address & mask == base
    }

    /// Whether the whole block lies inside 127.0.0.0/8.
    var isLoopback: Bool { prefix >= 8 && base >> 24 == 127 }

    var description: String { "\(IPv4Range.format(base))/\(prefix)" }

    /// Parses dotted-quad text.
    static func parse(address text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII), let number = UInt32(octet),
                number <= 255
            else { return nil }
            value = value << 8 | number
        }
        return value
    }

    /// Dotted-quad text.
    static func format(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)"
    }
}
