public import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The live ``Connector``: a SwiftNIO `ClientBootstrap` connect with a connect timeout, closed
/// as soon as it opens. No byte is sent.
///
/// By default the connects run on their own event loop (``scanEventLoopGroup``), not on the
/// process-wide group the HTTP client, the CGMiner transports (and, in tests and the demo, the
/// simulated miners) share. A connect's timeout is a timer on the connect's event loop; on a
/// loop busy with other channels, the timer can fire before the loop gets to the completed
/// handshake, and an open port is reported as timed out. On a loop of its own, a connect
/// times out only when the host did not answer.
public struct NIOConnector: Connector {
    /// The event loop group (one thread per core) connect scans use by default; it lives as long as the
    /// process (like NIO's singleton).
    public static let scanEventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup(
        numberOfThreads: System.coreCount)

    private let group: any EventLoopGroup

    /// Creates a connector on ``scanEventLoopGroup``.
    public init() {
        self.group = NIOConnector.scanEventLoopGroup
    }

    /// Creates a connector on `eventLoopGroup`.
    public init(eventLoopGroup: any EventLoopGroup) {
        self.group = eventLoopGroup
    }

    /// Connects to `host:port` and closes again; `ECONNREFUSED` is `.refused`, the connect
    /// timeout (or `ETIMEDOUT`) is `.timedOut`, anything else `.failed`.
    public func connect(to host: IPv4Address, port: Int, timeout: Duration) async -> ConnectOutcome {
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: host.description, port: port)
        } catch {
            return .failed("bad address \(host):\(port)")
        }
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(max(TimeAmount(timeout), .milliseconds(1)))
        do {
            let channel = try await bootstrap.connect(to: address).get()
            try? await channel.close()
            return .open
        } catch {
            return NIOConnector.classify(error)
        }
    }

    static func classify(_ error: any Error) -> ConnectOutcome {
        switch error {
        case ChannelError.connectTimeout:
            return .timedOut
        case let error as IOError where error.errnoCode == ECONNREFUSED:
            return .refused
        case let error as IOError where error.errnoCode == ETIMEDOUT:
            return .timedOut
        case let error as IOError:
            return .failed(String(cString: strerror(error.errnoCode)))
        default:
            return .failed("\(error)")
        }
    }
}
