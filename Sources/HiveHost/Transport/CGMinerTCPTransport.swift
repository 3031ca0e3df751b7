public import HiveProtocols
public import NIOCore
public import NIOPosix

/// Sends CGMiner API commands to one miner over TCP with SwiftNIO: one connection per
/// command, closed after the reply.
///
/// Each command first takes the miner's permit from the shared `MinerRequestGate` (or, with
/// `scope: .port`, the permit of its port only), then runs
/// under a connect timeout and a total deadline (connect, write and reply together), counted
/// from when it gets the permit. The request is `request.wireBytes`, preceded by a 4-byte
/// little-endian length for `.lengthPrefixed` framing; the reply is framed by
/// `CGMinerReplyDecoder` and returned without its terminator.
///
/// Errors are `DriverError`s: refused or unreachable → `.unreachable`, deadline → `.timedOut`,
/// no reply before the peer closes (unless `allowsEmptyReply`), a reply over the size cap, a
/// truncated length-prefixed reply or an HTTP status line (the port speaks HTTP) →
/// `.unexpectedResponse`. Payloads are never put in errors.
public struct CGMinerTCPTransport: CGMinerTransport {
    /// Transport settings.
    public struct Configuration: Sendable, Hashable {
        /// How long to wait for the TCP connection to open.
        public var connectTimeout: Duration
        /// The deadline for one command: connect, send and the whole reply.
        public var deadline: Duration
        /// The largest reply accepted, in bytes.
        public var maximumReplySize: Int

        /// Creates settings.
        public init(
            connectTimeout: Duration = .seconds(3), deadline: Duration = .seconds(5),
            maximumReplySize: Int = CGMinerReplyDecoder.defaultMaximumReplySize
        ) {
            self.connectTimeout = connectTimeout
            self.deadline = deadline
            self.maximumReplySize = maximumReplySize
        }
    }

    /// The miner's address (IPv4, IPv6 or name).
    public let host: String
    /// Settings.
    public let configuration: Configuration
    /// What each command's permit covers: the whole miner (default) or only its port.
    public let scope: MinerRequestGate.Scope
    private let group: any EventLoopGroup
    private let gate: MinerRequestGate

    /// Creates a transport for `host`.
    ///
    /// - Parameters:
    ///   - host: The miner's address.
    ///   - gate: The gate shared with this miner's other transports.
    ///   - eventLoopGroup: The shared event loop group (the process-wide singleton by default).
    ///   - configuration: Timeouts and reply cap.
    ///   - scope: What each command's permit covers (see `MinerRequestGate.Scope`).
    public init(
        host: String, gate: MinerRequestGate,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        configuration: Configuration = Configuration(), scope: MinerRequestGate.Scope = .miner
    ) {
        self.host = host
        self.gate = gate
        self.group = eventLoopGroup
        self.configuration = configuration
        self.scope = scope
    }

    /// Sends one command and returns the reply bytes without framing.
    public func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        try await gate.withPermit(for: host, port: request.port, scope: scope) {
            let deadline = NIODeadline.now() + TimeAmount(configuration.deadline)
            let reply = try await exchange(request, deadline: deadline)
            guard let reply, reply.readableBytes > 0 else {
                if request.allowsEmptyReply { return [] }
                throw error(.unexpectedResponse, "connection closed without a reply", request)
            }
            let bytes = Array(buffer: reply)
            if Self.isHTTPResponse(bytes) {
                throw error(.unexpectedResponse, "port \(request.port) answered in HTTP, not the CGMiner API", request)
            }
            return bytes
        }
    }

    /// Whether a reply is an HTTP status line: the port serves HTTP (an ePIC miner answers its
    /// HTTP API on 4028 and refuses a CGMiner request with `400 Bad Request`).
    static func isHTTPResponse(_ reply: [UInt8]) -> Bool {
        reply.starts(with: "HTTP/".utf8)
    }

    /// Connects, writes the request, and waits for the first framed reply (nil: none came).
    private func exchange(_ request: CGMinerRequest, deadline: NIODeadline) async throws -> ByteBuffer? {
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: ByteBuffer?.self)
        let channel = try await connect(request, on: eventLoop, promise: promise, deadline: deadline)

        let timeout = eventLoop.scheduleTask(deadline: deadline) {
            promise.fail(DeadlineExceeded())
            channel.close(promise: nil)
        }
        let bytes = request.wireBytes
        var payload = channel.allocator.buffer(capacity: bytes.count + 4)
        if request.framing == .lengthPrefixed {
            payload.writeInteger(UInt32(truncatingIfNeeded: bytes.count), endianness: .little)
        }
        payload.writeBytes(bytes)
        channel.writeAndFlush(payload).whenFailure { error in
            promise.fail(error)
            channel.close(promise: nil)
        }

        defer {
            timeout.cancel()
            channel.close(promise: nil)
        }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(CancellationError())
                channel.close(promise: nil)
            }
        } catch is IOError where request.allowsEmptyReply {
            return nil  // a reset instead of a clean close still means "no reply"
        } catch {
            throw classify(error, request, connected: true)
        }
    }

    private func connect(
        _ request: CGMinerRequest, on eventLoop: any EventLoop, promise: EventLoopPromise<ByteBuffer?>,
        deadline: NIODeadline
    ) async throws -> any Channel {
        let remaining = deadline - .now()
        let connectTimeout = min(TimeAmount(configuration.connectTimeout), remaining)
        let framing = request.framing
        let maximumReplySize = configuration.maximumReplySize
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(max(connectTimeout, .milliseconds(1)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let decoder = CGMinerReplyDecoder(framing: framing, maximumReplySize: maximumReplySize)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(decoder))
                    try channel.pipeline.syncOperations.addHandler(CGMinerReplyHandler(promise: promise))
                }
            }
        do {
            if let address = try? SocketAddress(ipAddress: host, port: request.port) {
                return try await bootstrap.connect(to: address).get()
            }
            return try await bootstrap.connect(host: host, port: request.port).get()
        } catch {
            promise.fail(error)  // nobody awaits it; completing it avoids a leaked-promise report
            throw classify(error, request, connected: false, deadline: deadline)
        }
    }

    private func classify(
        _ error: any Error, _ request: CGMinerRequest, connected: Bool, deadline: NIODeadline? = nil
    ) -> any Error {
        switch error {
        case var driverError as DriverError:
            driverError.request = driverError.request ?? request.description
            return driverError.context(endpoint: host)
        case is CancellationError:
            return error
        case is DeadlineExceeded:
            return self.error(.timedOut, "no complete reply within \(configuration.deadline)", request)
        case ChannelError.connectTimeout:
            if let deadline, deadline <= .now() {
                return self.error(.timedOut, "no connection within \(configuration.deadline)", request)
            }
            return self.error(.unreachable, "no connection within \(configuration.connectTimeout)", request)
        default:
            if connected {
                return self.error(.unreachable, "connection lost", request, underlying: error)
            }
            return self.error(.unreachable, "could not connect", request, underlying: error)
        }
    }

    private func error(
        _ kind: DriverError.Kind, _ message: String, _ request: CGMinerRequest, underlying: (any Error)? = nil
    ) -> DriverError {
        DriverError(kind, message, endpoint: host, request: request.description, underlying: underlying)
    }
}
