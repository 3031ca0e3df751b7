/// One scan target entry: a CIDR block (`10.0.0.0/24`), a range (`10.0.1.5-10.0.1.80`, or
/// `10.0.1.5-80` for the last octet), or a single address (`10.0.2.7`).
///
/// ``hosts`` are the addresses to scan: a CIDR block of /30 or wider leaves out its network
/// and broadcast addresses; a /31 keeps both (point-to-point, RFC 3021) and a /32 is its one
/// host. Ranges and single addresses are taken as written, ends included: the operator named
/// them. A CIDR address with host bits set (`10.0.0.9/24`) means its block (`10.0.0.0/24`).
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// How the entry was written.
    public enum Form: Sendable, Hashable {
        /// `address/prefix`.
        case cidr(prefix: Int)
        /// `first-last`.
        case range
        /// One address.
        case single
    }

    /// The default ceiling on one entry's size: a /16.
    public static let defaultMaximumAddresses = 65_536

    /// The entry as written, trimmed.
    public let entry: String
    /// How it was written.
    public let form: Form
    /// The lowest address the entry covers (the network address for a CIDR block).
    public let first: IPv4Address
    /// The highest address the entry covers (the broadcast address for a CIDR block).
    public let last: IPv4Address

    /// Parses an entry.
    ///
    /// - Parameter maximumAddresses: The most addresses one entry may cover (before network
    ///   and broadcast are left out); the default admits a /16 and refuses a /15.
    /// - Throws: ``ScanTargetError`` with one problem naming the entry.
    public init(_ entry: String, maximumAddresses: Int = AddressRange.defaultMaximumAddresses) throws {
        let trimmed = AddressRange.trim(entry)
        func problem(_ reason: ScanTargetError.Reason, _ detail: String) -> ScanTargetError {
            ScanTargetError(problems: [.init(entry: trimmed, reason: reason, detail: detail)])
        }
        let parsed: (Form, IPv4Address, IPv4Address)
        switch AddressRange.parse(trimmed) {
        case .success(let value): parsed = value
        case .failure(let detail): throw problem(.invalid, detail.text)
        }
        self.entry = trimmed
        (form, first, last) = parsed
        if addressCount > maximumAddresses {
            throw problem(
                .tooLarge, "\(addressCount) addresses, more than the maximum of \(maximumAddresses) per entry")
        }
    }

    /// Every address the entry covers, network and broadcast included.
    public var addressCount: Int { Int(last.rawValue - first.rawValue) + 1 }

    /// Whether the network and broadcast addresses are left out (CIDR /30 and wider).
    public var skipsNetworkAndBroadcast: Bool {
        if case .cidr(let prefix) = form { return prefix <= 30 }
        return false
    }

    /// The addresses to scan, lowest first.
    public var hosts: Hosts {
        skipsNetworkAndBroadcast
            ? Hosts(first: first.rawValue + 1, count: addressCount - 2)
            : Hosts(first: first.rawValue, count: addressCount)
    }

    /// The entry as written.
    public var description: String { entry }

    /// The addresses of a range, computed on demand (a /16 is not materialised).
    public struct Hosts: RandomAccessCollection, Sendable, Hashable {
        let first: UInt32
        /// The number of hosts.
        public let count: Int
        /// Always 0.
        public var startIndex: Int { 0 }
        /// `count`.
        public var endIndex: Int { count }
        /// The `position`-th host.
        public subscript(position: Int) -> IPv4Address {
            precondition(position >= 0 && position < count, "host index out of range")
            return IPv4Address(rawValue: first + UInt32(position))
        }
    }
}

extension AddressRange {
    /// Why an entry did not parse (a message, not an `Error`, so `Result` can carry it).
    struct ParseFailure: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    static func parse(_ text: String) -> Result<(Form, IPv4Address, IPv4Address), ParseFailure> {
        if text.isEmpty { return .failure(ParseFailure("empty entry")) }
        if let slash = text.firstIndex(of: "/") { return parseCIDR(text[..<slash], text[text.index(after: slash)...]) }
        if let dash = text.firstIndex(of: "-") { return parseRange(text[..<dash], text[text.index(after: dash)...]) }
        guard let address = IPv4Address(text) else {
            return .failure(ParseFailure("not an IPv4 address, CIDR block or range"))
        }
        return .success((.single, address, address))
    }

    private static func parseCIDR(
        _ addressText: Substring, _ prefixText: Substring
    ) -> Result<(Form, IPv4Address, IPv4Address), ParseFailure> {
        guard let address = IPv4Address(trim(addressText)) else {
            return .failure(ParseFailure("'\(addressText)' is not an IPv4 address"))
        }
        let digits = trim(prefixText)
        guard (1...2).contains(digits.utf8.count), digits.utf8.allSatisfy({ (48...57).contains($0) }),
            let prefix = Int(digits), prefix <= 32
        else { return .failure(ParseFailure("prefix length must be a number from 0 to 32")) }
        let hostBits = UInt32(32 - prefix)
        let mask: UInt32 = hostBits == 32 ? 0 : ~0 << hostBits
        let network = address.rawValue & mask
        return .success((.cidr(prefix: prefix), IPv4Address(rawValue: network), IPv4Address(rawValue: network | ~mask)))
    }

    private static func parseRange(
        _ startText: Substring, _ endText: Substring
    ) -> Result<(Form, IPv4Address, IPv4Address), ParseFailure> {
        guard let start = IPv4Address(trim(startText)) else {
            return .failure(ParseFailure("range start '\(trim(startText))' is not an IPv4 address"))
        }
        let endTrimmed = trim(endText)
        let end: IPv4Address
        if let full = IPv4Address(endTrimmed) {
            end = full
        } else if let octet = IPv4Address.octet(endTrimmed) {
            end = IPv4Address(rawValue: start.rawValue & ~0xFF | octet)  // `10.0.1.5-80`
        } else {
            return .failure(ParseFailure("range end '\(endTrimmed)' is not an IPv4 address or a last octet"))
        }
        guard start <= end else { return .failure(ParseFailure("range start \(start) is after its end \(end)")) }
        return .success((.range, start, end))
    }
}

extension AddressRange {
    /// The text without leading and trailing spaces, tabs and newlines.
    static func trim(_ text: some StringProtocol) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[start...end])
    }
}
