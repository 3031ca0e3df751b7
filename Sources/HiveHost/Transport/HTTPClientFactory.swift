public import AsyncHTTPClient
public import NIOCore
public import NIOPosix

/// Makes the one `HTTPClient` the live HTTP transports share, configured for miners.
///
/// The owner creates it at start-up and must `shutdown()` it when done (the process does so in
/// its service group; tests in a `defer`).
public enum HTTPClientFactory {
    /// Client settings.
    public struct Configuration: Sendable, Hashable {
        /// How long to wait for a TCP (and TLS) connection to open.
        public var connectTimeout: Duration
        /// The most connections kept to one miner. Requests are serialised per miner by
        /// `MinerRequestGate` anyway; a second connection covers a stale keep-alive one.
        public var maximumConnectionsPerHost: Int
        /// How long an idle keep-alive connection stays in the pool.
        public var idleTimeout: Duration

        /// Creates settings.
        public init(
            connectTimeout: Duration = .seconds(3), maximumConnectionsPerHost: Int = 2,
            idleTimeout: Duration = .seconds(30)
        ) {
            self.connectTimeout = connectTimeout
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.idleTimeout = idleTimeout
        }
    }

    /// A client for miners: redirects are not followed (the driver sees the 3xx), TLS
    /// certificates are not verified (miners' are self-signed), HTTP/1.1 only, a small
    /// keep-alive pool per host, no automatic connection retries (a refused port fails at once).
    public static func makeClient(
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        configuration: Configuration = Configuration()
    ) -> HTTPClient {
        var client = HTTPClient.Configuration(
            certificateVerification: .none,
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.connectTimeout)),
            maximumAllowedIdleTimeInConnectionPool: TimeAmount(configuration.idleTimeout),
            decompression: .disabled
        )
        client.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(
            1, configuration.maximumConnectionsPerHost)
        client.connectionPool.retryConnectionEstablishment = false
        client.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: eventLoopGroup, configuration: client)
    }
}
