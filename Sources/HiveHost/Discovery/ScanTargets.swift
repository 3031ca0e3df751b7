/// The addresses a discovery sweep visits, from the configured entries (`network.subnets`).
///
/// Entries are parsed as ``AddressRange``s; every bad entry is reported at once. The hosts
/// are deduplicated (an address in two entries is scanned once, where it first comes up) and
/// interleaved round-robin across entries: the first host of each entry, then the second of
/// each, and so on, so a large subnet never starves a small one of scan time.
public struct ScanTargets: Sendable, Hashable {
    /// Limits on the entries.
    public struct Configuration: Sendable, Hashable {
        /// The most addresses one entry may cover (default 65,536: a /16).
        public var maximumAddressesPerEntry: Int

        /// Creates limits.
        public init(maximumAddressesPerEntry: Int = AddressRange.defaultMaximumAddresses) {
            self.maximumAddressesPerEntry = maximumAddressesPerEntry
        }
    }

    /// The parsed entries, in the order given.
    public let ranges: [AddressRange]
    /// The addresses to scan: deduplicated, interleaved across entries.
    public let hosts: [IPv4Address]

    /// Parses and expands `entries`.
    ///
    /// - Throws: ``ScanTargetError`` naming every invalid or oversized entry.
    public init(_ entries: [String], configuration: Configuration = Configuration()) throws {
        var ranges: [AddressRange] = []
        var problems: [ScanTargetError.Problem] = []
        for entry in entries {
            do {
                ranges.append(try AddressRange(entry, maximumAddresses: configuration.maximumAddressesPerEntry))
            } catch let error as ScanTargetError {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw ScanTargetError(problems: problems) }
        self.init(ranges: ranges)
    }

    /// Expands already parsed ranges.
    public init(ranges: [AddressRange]) {
        self.ranges = ranges
        self.hosts = ScanTargets.interleave(ranges.map(\.hosts))
    }

    /// Whether `address` is one of the hosts.
    public func contains(_ address: IPv4Address) -> Bool {
        ranges.contains { range in
            let hosts = range.hosts
            return hosts.count > 0 && address.rawValue >= hosts.first
                && Int(address.rawValue - hosts.first) < hosts.count
        }
    }

    /// Round-robin over `lists`, keeping the first occurrence of each address.
    static func interleave(_ lists: [AddressRange.Hosts]) -> [IPv4Address] {
        var seen: Set<IPv4Address> = []
        var result: [IPv4Address] = []
        let longest = lists.map(\.count).max() ?? 0
        result.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for index in 0..<longest {
            for list in lists where index < list.count {
                let address = list[index]
                if seen.insert(address).inserted { result.append(address) }
            }
        }
        return result
    }
}
