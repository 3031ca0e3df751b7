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

    /// Whether a probe timed out in a way that may have changed the outcome: nothing (or only
    /// stock firmware) was recognised while some answer never came. On a loaded scanner or
    /// network that is no evidence about the host, so ``DiscoveryScanner`` asks it once more.
    public var isInconclusive: Bool {
        switch self {
        case .identified(let miner): miner.probesTimedOut && miner.match.isStock
        case .unidentified(let host): host.probesTimedOut
        }
    }

    /// The better of two attempts at one host: a recognised miner over an unrecognised host,
    /// custom firmware over stock; otherwise the later attempt.
    static func better(_ first: Identification, _ second: Identification) -> Identification {
        switch (first, second) {
        case (.identified, .unidentified): first
        case (.identified(let a), .identified(let b)) where !a.match.isStock && b.match.isStock: first
        default: second
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
    /// What the driver's `status()` reported, when the identifier was asked to read it
    /// (``Identifier/Configuration/readsStatus``) and the read succeeded.
    public var status: MinerStatus?
    /// Why `status()` failed, when it was read and failed.
    public var statusError: String?
    /// Whether some identification probe timed out (a custom firmware's answer may be missing).
    public var probesTimedOut: Bool

    /// Creates an entry.
    public init(
        ip: String, match: DriverMatch, identity: MinerIdentity, identityError: String? = nil,
        otherMatches: [DriverMatch] = [], status: MinerStatus? = nil, statusError: String? = nil,
        probesTimedOut: Bool = false
    ) {
        self.ip = ip
        self.match = match
        self.identity = identity
        self.identityError = identityError
        self.otherMatches = otherMatches
        self.status = status
        self.statusError = statusError
        self.probesTimedOut = probesTimedOut
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
    /// Whether some probe timed out (rather than being refused or answered).
    public var probesTimedOut: Bool

    /// Creates an entry.
    public init(ip: String, openPorts: [Int], reason: String, probesTimedOut: Bool = false) {
        self.ip = ip
        self.openPorts = openPorts
        self.reason = reason
        self.probesTimedOut = probesTimedOut
    }
}
