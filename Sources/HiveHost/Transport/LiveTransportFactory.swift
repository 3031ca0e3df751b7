public import AsyncHTTPClient
public import HiveProtocols
public import NIOCore
public import NIOPosix

/// Makes the live transports for a miner, all sharing one HTTP client, one event loop group,
/// one request gate (so HTTP and CGMiner requests to a miner are serialised together) and one
/// digest challenge cache.
///
/// The factory does not own the `HTTPClient`: whoever created it (see `HTTPClientFactory`)
/// shuts it down.
public struct LiveTransportFactory: Sendable {
    /// Deadlines and caps for the transports.
    public struct Configuration: Sendable, Hashable {
        /// HTTP settings.
        public var http: LiveHTTPTransport.Configuration
        /// CGMiner TCP settings.
        public var cgminer: CGMinerTCPTransport.Configuration

        /// Creates settings.
        public init(
            http: LiveHTTPTransport.Configuration = .init(), cgminer: CGMinerTCPTransport.Configuration = .init()
        ) {
            self.http = http
            self.cgminer = cgminer
        }
    }

    /// The shared HTTP client.
    public let httpClient: HTTPClient
    /// The shared event loop group for CGMiner connections.
    public let eventLoopGroup: any EventLoopGroup
    /// The shared per-miner request gate.
    public let gate: MinerRequestGate
    /// The shared digest challenge cache.
    public let digestCache: DigestChallengeCache
    /// Settings.
    public var configuration: Configuration

    /// Creates a factory.
    public init(
        httpClient: HTTPClient, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        gate: MinerRequestGate = MinerRequestGate(), digestCache: DigestChallengeCache = DigestChallengeCache(),
        configuration: Configuration = Configuration()
    ) {
        self.httpClient = httpClient
        self.eventLoopGroup = eventLoopGroup
        self.gate = gate
        self.digestCache = digestCache
        self.configuration = configuration
    }

    /// The HTTP and CGMiner transports for the miner at `host`: one request in flight to it
    /// at a time, whatever the port.
    public func transports(for host: String) -> (http: any HTTPTransport, cgminer: any CGMinerTransport) {
        transports(for: host, scope: .miner)
    }

    /// The transports for `host` with permits of `scope`: `.miner` for every miner of the
    /// fleet; `.port` only for a host discovery has just found and is still identifying (one
    /// request in flight per port, its ports in parallel; see `MinerRequestGate.Scope`).
    public func transports(
        for host: String, scope: MinerRequestGate.Scope
    ) -> (http: any HTTPTransport, cgminer: any CGMinerTransport) {
        (
            http: LiveHTTPTransport(
                host: host, client: httpClient, gate: gate, digestCache: digestCache, configuration: configuration.http,
                scope: scope),
            cgminer: CGMinerTCPTransport(
                host: host, gate: gate, eventLoopGroup: eventLoopGroup, configuration: configuration.cgminer,
                scope: scope)
        )
    }
}
