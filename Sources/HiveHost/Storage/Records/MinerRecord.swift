public import HiveProtocols

/// One miner in the inventory, as the store keeps it.
///
/// `id` is the store's key for the machine; `uid` is its stable identity derived from
/// hardware: `mac:<MAC>` when the MAC is known, else `serial:<serial>`, else the provisional
/// `ip:<address>` that is replaced (or merged away) as soon as a MAC or serial is seen.
public struct MinerRecord: Sendable, Hashable, Identifiable {
    /// The store's key for a miner. Never reused, never changes.
    public struct ID: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
        /// The integer key.
        public var rawValue: Int64
        /// Wraps an integer key.
        public init(rawValue: Int64) { self.rawValue = rawValue }
        /// Wraps an integer key.
        public init(_ rawValue: Int64) { self.rawValue = rawValue }
        /// Orders keys numerically.
        public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }
        /// The key as `#<n>`.
        public var description: String { "#\(rawValue)" }
    }

    /// The store's key.
    public var id: ID
    /// Stable identity: `mac:…`, `serial:…` or provisional `ip:…`.
    public var uid: String
    /// MAC address (upper-case, colon-separated), when known.
    public var mac: String?
    /// Serial number, when known.
    public var serial: String?
    /// Hostname the miner reports.
    public var hostname: String?
    /// Current IP address; `nil` once another miner took it over.
    public var ip: String?
    /// Driver that speaks to it.
    public var driver: DriverID
    /// Manufacturer.
    public var make: String?
    /// Model.
    public var model: String?
    /// Firmware family.
    public var firmware: String?
    /// Firmware version.
    public var firmwareVersion: String?
    /// When it was first discovered.
    public var firstSeen: UnixMillis
    /// When it last answered.
    public var lastSeen: UnixMillis
    /// Whether it is considered reachable.
    public var online: Bool
    /// Polls missed in a row since it last answered.
    public var consecutiveMisses: Int
    /// Whether PowerHive may change its settings.
    public var managed: Bool
    /// Key into the credentials table for its login, if any.
    public var credentialRef: String?
    /// The last error seen while talking to it.
    public var lastError: String?
    /// When `lastError` was recorded.
    public var lastErrorAt: UnixMillis?

    /// Creates a record (the store builds these; tests may too).
    public init(
        id: ID, uid: String, mac: String? = nil, serial: String? = nil, hostname: String? = nil, ip: String?,
        driver: DriverID, make: String? = nil, model: String? = nil, firmware: String? = nil,
        firmwareVersion: String? = nil, firstSeen: UnixMillis, lastSeen: UnixMillis, online: Bool = true,
        consecutiveMisses: Int = 0, managed: Bool = true, credentialRef: String? = nil, lastError: String? = nil,
        lastErrorAt: UnixMillis? = nil
    ) {
        self.id = id
        self.uid = uid
        self.mac = mac
        self.serial = serial
        self.hostname = hostname
        self.ip = ip
        self.driver = driver
        self.make = make
        self.model = model
        self.firmware = firmware
        self.firmwareVersion = firmwareVersion
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.online = online
        self.consecutiveMisses = consecutiveMisses
        self.managed = managed
        self.credentialRef = credentialRef
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }

    /// Whether the identity is only the IP address (no MAC or serial seen yet).
    public var isProvisional: Bool { uid.hasPrefix(MinerRecord.provisionalPrefix) }

    /// The identity as the store derives it: MAC, else serial, else the provisional IP form.
    public static func uid(mac: String?, serial: String?, ip: String) -> String {
        if let mac { return "mac:" + mac }
        if let serial { return "serial:" + serial }
        return provisionalPrefix + ip
    }

    /// Prefix of provisional identities.
    static let provisionalPrefix = "ip:"
}
