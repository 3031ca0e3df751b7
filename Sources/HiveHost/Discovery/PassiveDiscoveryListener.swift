public import NIOCore
import NIOPosix

/// Listens for miners announcing themselves (``IPReport``) on UDP: Antminer "IP Report"
/// datagrams on port 14235 and Whatsminer's on 8888, so the service can probe a reported
/// address at once instead of waiting for the next sweep.
///
/// ``bind(_:eventLoopGroup:)`` opens one socket per port; reports arrive on ``reports`` until
/// ``close()``. A flood keeps only the newest ``Configuration/bufferSize`` unread reports.
/// Datagrams that name no address are dropped. The sockets are bound without `SO_REUSEADDR`,
/// so another program already listening for the reports makes ``bind(_:eventLoopGroup:)`` fail
/// loudly instead of silently sharing (and losing) unicast reports.
public final class PassiveDiscoveryListener: Sendable {
    /// Where to listen.
    public struct Configuration: Sendable, Hashable {
        /// The local address to bind (`0.0.0.0` also receives broadcasts).
        public var host: String
        /// UDP ports to listen on (Antminer 14235, Whatsminer 8888; 0 picks a free one).
        public var ports: [Int]
        /// Unread reports kept when the consumer falls behind.
        public var bufferSize: Int

        /// Creates settings.
        public init(host: String = "0.0.0.0", ports: [Int] = [14235, 8888], bufferSize: Int = 256) {
            self.host = host
            self.ports = ports
            self.bufferSize = bufferSize
        }
    }

    /// A port that could not be bound.
    public struct BindError: Error, CustomStringConvertible {
        /// The address.
        public var host: String
        /// The port.
        public var port: Int
        /// What the socket layer said.
        public var underlying: any Error
        public var description: String { "cannot listen on UDP \(host):\(port): \(underlying)" }
    }

    /// The reports, in arrival order. Finishes on ``close()``.
    public let reports: AsyncStream<IPReport>
    /// The bound ports, in the configured order (the real numbers when 0 was asked).
    public let boundPorts: [Int]
    private let channels: [any Channel]
    private let continuation: AsyncStream<IPReport>.Continuation

    private init(
        reports: AsyncStream<IPReport>, continuation: AsyncStream<IPReport>.Continuation, channels: [any Channel]
    ) {
        self.reports = reports
        self.continuation = continuation
        self.channels = channels
        self.boundPorts = channels.map { $0.localAddress?.port ?? 0 }
    }

    /// Binds every configured port on the process-wide event loop group.
    public static func bind(_ configuration: Configuration) async throws -> PassiveDiscoveryListener {
        try await bind(configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    /// Binds every configured port; on a failure closes what was bound and throws ``BindError``.
    public static func bind(
        _ configuration: Configuration, eventLoopGroup: any EventLoopGroup
    ) async throws -> PassiveDiscoveryListener {
        let (stream, continuation) = AsyncStream.makeStream(
            of: IPReport.self, bufferingPolicy: .bufferingNewest(max(1, configuration.bufferSize)))
        var channels: [any Channel] = []
        for port in configuration.ports {
            do {
                let channel = try await DatagramBootstrap(group: eventLoopGroup)
                    .channelOption(.socketOption(.so_broadcast), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(IPReportHandler(continuation: continuation))
                        }
                    }
                    .bind(host: configuration.host, port: port)
                    .get()
                channels.append(channel)
            } catch {
                for channel in channels { try? await channel.close() }
                continuation.finish()
                throw BindError(host: configuration.host, port: port, underlying: error)
            }
        }
        return PassiveDiscoveryListener(reports: stream, continuation: continuation, channels: channels)
    }

    /// Closes the sockets and finishes ``reports``.
    public func close() async {
        for channel in channels { try? await channel.close() }
        continuation.finish()
    }
}

/// Turns each datagram into an ``IPReport`` on the listener's stream.
final class IPReportHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let continuation: AsyncStream<IPReport>.Continuation

    init(continuation: AsyncStream<IPReport>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = envelope.data.readableBytesView
        let port = context.channel.localAddress?.port
        if let report = IPReport(datagram: bytes, sender: envelope.remoteAddress.ipAddress, port: port) {
            continuation.yield(report)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A bad datagram (e.g. ICMP port unreachable surfacing) must not close the socket.
    }
}
