/// An IPv4 address as a 32-bit number, so ranges can be counted and walked.
///
/// Parsing is strict dotted-quad: four decimal octets, each 0–255, with no leading zeros
/// (`010.0.0.1` is refused rather than guessed as octal or decimal) and no surrounding text.
public struct IPv4Address: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address in host byte order (`10.0.0.1` is `0x0A00_0001`).
    public var rawValue: UInt32

    /// Wraps a 32-bit address.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Parses dotted-quad text such as `10.0.0.1`; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        var value: UInt32 = 0
        var octets = 0
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard octets < 4, let octet = IPv4Address.octet(part) else { return nil }
            value = value << 8 | octet
            octets += 1
        }
        guard octets == 4 else { return nil }
        self.rawValue = value
    }

    /// Parses one decimal octet (`0`–`255`, no sign, no leading zero).
    static func octet(_ text: some StringProtocol) -> UInt32? {
        guard (1...3).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        guard text.utf8.count == 1 || text.utf8.first != 48 else { return nil }
        guard let value = UInt32(text), value <= 255 else { return nil }
        return value
    }

    /// Dotted-quad text.
    public var description: String {
        "\(rawValue >> 24).\(rawValue >> 16 & 0xFF).\(rawValue >> 8 & 0xFF).\(rawValue & 0xFF)"
    }

    /// Orders addresses numerically.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.rawValue < rhs.rawValue }
}
