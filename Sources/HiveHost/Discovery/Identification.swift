public import HiveProtocols

/// What stage 2 made of one host.
public enum Identification: Sendable, Hashable {
    /// A driver recognised it.
    case identified(IdentifiedMiner)
    /// It has open miner ports, but no driver recognised its answers.
    case unidentified(UnidentifiedHost)

    /// The host's address.
    public var ip: String {
        switch self {
        case .identified(let miner): miner.ip
        case .unidentified(let host): host.ip
        }
    }
}

/// A miner a driver recognised, with who it says it is.
public struct IdentifiedMiner: Sendable, Hashable {
    /// Its address.
    public var ip: String
    /// The winning match (custom firmware before stock, then confidence, then registry order).
    public var match: DriverMatch
    /// What the driver's `identity()` reported; model and firmware version fall back to the
    /// match's when the identity call left them out or failed.
    public var identity: MinerIdentity
    /// Why `identity()` failed, when it did (the miner is still identified by its match).
    public var identityError: String?
    /// The other drivers that claimed the host, best first (for logs and `powerhive probe`).
    public var otherMatches: [DriverMatch]

    /// Creates an entry.
    public init(
        ip: String, match: DriverMatch, identity: MinerIdentity, identityError: String? = nil,
        otherMatches: [DriverMatch] = []
    ) {
        self.ip = ip
        self.match = match
        self.identity = identity
        self.identityError = identityError
        self.otherMatches = otherMatches
    }

    /// The driver that speaks to it.
    public var driver: DriverID { match.driver }
}

/// A host with open miner ports that no driver recognised.
public struct UnidentifiedHost: Sendable, Hashable {
    /// Its address.
    public var ip: String
    /// The ports that accepted a connection or answered a probe.
    public var openPorts: [Int]
    /// Why nothing matched, e.g. `no driver recognised the answers (HTTP GET /: 200, ...)`.
    public var reason: String

    /// Creates an entry.
    public init(ip: String, openPorts: [Int], reason: String) {
        self.ip = ip
        self.openPorts = openPorts
        self.reason = reason
    }
}
