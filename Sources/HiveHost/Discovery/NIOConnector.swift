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
public struct NIOConnector: Connector {
    private let group: any EventLoopGroup

    /// Creates a connector on the process-wide event loop group.
    public init() {
        self.group = MultiThreadedEventLoopGroup.singleton
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
