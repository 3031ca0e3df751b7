/// A driver's stable identifier, e.g. `antminer-stock`, `vnish`. Stored in the database.
public struct DriverID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier.
    public var rawValue: String
    /// Creates an identifier.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates an identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Creates an identifier from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: DriverID, b: DriverID) -> Bool { a.rawValue < b.rawValue }
}

/// Static facts about a driver: what it is called, where it listens, how to find it.
public struct DriverDescriptor: Sendable {
    /// Identifier.
    public var id: DriverID
    /// Human name of the firmware family, e.g. "VNish".
    public var displayName: String
    /// Manufacturers whose hardware it runs on.
    public var makes: [String]
    /// TCP ports the firmware listens on (the discovery scanner's fast stage connects to these).
    public var ports: [Int]
    /// The probes whose answers `identify` reads. The scanner asks each host the union of all
    /// drivers' probes exactly once.
    public var probes: [ProbeRequest]
    /// Whether this is a manufacturer's stock firmware (custom firmwares win over it).
    public var isStock: Bool
    /// Default credentials when the operator configured none.
    public var defaultCredentials: Credentials?
    /// What every instance can do at most (an instance may report less).
    public var capabilities: Capabilities

    /// Creates a descriptor.
    public init(
        id: DriverID, displayName: String, makes: [String], ports: [Int], probes: [ProbeRequest], isStock: Bool,
        defaultCredentials: Credentials? = nil, capabilities: Capabilities
    ) {
        self.id = id
        self.displayName = displayName
        self.makes = makes
        self.ports = ports
        self.probes = probes
        self.isStock = isStock
        self.defaultCredentials = defaultCredentials
        self.capabilities = capabilities
    }
}
