import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP server on a loopback address for transport tests. Every accepted connection gets a
/// fresh handler from `makeHandler`; `close()` closes the listener and every open connection.
final class LoopbackServer: Sendable {
    struct NoPort: Error {}

    let host: String
    let port: Int
    private let listener: any Channel
    private let children: NIOLockedValueBox<[ObjectIdentifier: any Channel]>

    private init(
        host: String, port: Int, listener: any Channel, children: NIOLockedValueBox<[ObjectIdentifier: any Channel]>
    ) {
        self.host = host
        self.port = port
        self.listener = listener
        self.children = children
    }

    /// Starts a server on `host` (a 127.x.y.z address) and an ephemeral port.
    static func start(
        host: String, makeHandler: @escaping @Sendable () -> any ChannelHandler
    ) async throws -> LoopbackServer {
        let children = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { child in
                children.withLockedValue { $0[ObjectIdentifier(child)] = child }
                child.closeFuture.whenComplete { _ in
                    _ = children.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(child)) }
                }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(makeHandler())
                }
            }
            .bind(host: host, port: 0)
            .get()
        guard let port = listener.localAddress?.port else { throw NoPort() }
        return LoopbackServer(host: host, port: port, listener: listener, children: children)
    }

    /// Closes the listener and all connections.
    func close() async {
        try? await listener.close()
        let open = children.withLockedValue { Array($0.values) }
        for child in open {
            try? await child.close()
        }
    }

    /// A port on `host` where nothing listens: a server is started and closed again.
    static func refusedPort(host: String) async throws -> Int {
        let server = try await start(host: host) { ClosingHandler() }
        await server.close()
        return server.port
    }
}

/// Closes every connection at once.
final class ClosingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}

/// Counts what a test server saw, across connections and servers.
final class ServerRecorder: Sendable {
    private struct State {
        var requests: [[UInt8]] = []
        var inFlight = 0
        var maximumInFlight = 0
        var connections = 0
    }

    private let state = NIOLockedValueBox(State())

    /// Every complete request received, in order.
    var requests: [[UInt8]] { state.withLockedValue { $0.requests } }
    /// The most requests that were being answered at the same time.
    var maximumInFlight: Int { state.withLockedValue { $0.maximumInFlight } }
    /// Connections accepted.
    var connections: Int { state.withLockedValue { $0.connections } }

    func connectionOpened() {
        state.withLockedValue { $0.connections += 1 }
    }

    func requestStarted(_ bytes: [UInt8]) {
        state.withLockedValue {
            $0.requests.append(bytes)
            $0.inFlight += 1
            $0.maximumInFlight = max($0.maximumInFlight, $0.inFlight)
        }
    }

    /// Called just before the reply's first byte goes out.
    func requestFinished() {
        state.withLockedValue { $0.inFlight -= 1 }
    }
}
