import HiveProtocols

/// Serves one fixture case's recorded exchanges over real loopback sockets, so a live client
/// (the `powerhive` binary, the live transports) can be proven against every case.
///
/// - **Ports**: HTTP on every port the case's HTTP exchanges use, CGMiner on every port its
///   CGMiner exchanges use, plus HTTP 80 and CGMiner 4028 (where every firmware is probed),
///   except the manifest's `closed_ports`, which are not bound and so refuse connections.
///   Every port speaks plain HTTP (a recorded 443 is served without TLS).
/// - **Matching**: as ``ReplayTransport`` matches (it is one underneath): method, path with
///   query and port (the request body checked against a pinned one), CGMiner command,
///   parameter and port; repeated keys are served in file-name order, the last repeating.
/// - **Misses**: an unrecorded request gets HTTP 404, or CGMiner's "Invalid command" error
///   reply, and is listed in ``misses``.
/// - **Auth**: as the recording says (see `FixtureAuthenticator`): an unauthenticated digest
///   request gets the case's recorded 401 challenge and the authenticated retry is verified
///   against the manifest's credentials; bearer tokens must be ones the case issued.
/// - **Wire**: CGMiner replies are the recorded bytes, quirks kept, then the NUL CGMiner
///   sends (or, on a port whose recordings say `"framing": "lengthPrefixed"`, a 4-byte
///   little-endian length before them: Whatsminer API v3), one reply per connection; HTTP is
///   HTTP/1.1 with keep-alive. A request's raw bytes are checked against a pinned `payload`.
public final class FixtureServer: Sendable {
    /// Which port numbers to listen on.
    public enum Ports: Sendable, Hashable {
        /// The firmware's own ports (80, 4028, …): needs root or `CAP_NET_BIND_SERVICE`.
        case firmware
        /// Ephemeral ports; see ``boundPorts``.
        case ephemeral
    }

    /// The case served.
    public let fixture: FixtureCase
    /// The loopback address it listens on.
    public let address: String
    /// The bound port for each firmware port served.
    public let boundPorts: [Int: Int]
    /// The firmware ports served and what each speaks.
    public let served: [ServedPort]

    private let replay: ReplayTransport
    private let sockets: SocketPool

    private init(
        fixture: FixtureCase, address: String, boundPorts: [Int: Int], served: [ServedPort], replay: ReplayTransport,
        sockets: SocketPool
    ) {
        self.fixture = fixture
        self.address = address
        self.boundPorts = boundPorts
        self.served = served
        self.replay = replay
        self.sockets = sockets
    }

    /// Starts serving `fixture` (with a command's exchanges overriding the case's) on
    /// `address`, a 127.0.0.0/8 address.
    ///
    /// - Throws: `FixtureError` for an address outside loopback; `SimulatorError` when a port
    ///   cannot be bound.
    public static func start(
        _ fixture: FixtureCase, address: String, command: FixtureCase.Command? = nil, ports: Ports = .firmware
    ) async throws -> FixtureServer {
        guard let parsed = IPv4Range.parse(address: address), parsed >> 24 == 127 else {
            throw FixtureError("\(address) is not a loopback address (127.0.0.0/8)")
        }
        let replay = ReplayTransport(case: fixture, command: command)
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<4).map { _ in String(generator.next() as UInt32, radix: 16) }.joined()
        let endpoint = FixtureEndpoint(
            replay: replay, authenticator: FixtureAuthenticator(fixture: fixture, command: command, nonce: nonce))
        let served = servedPorts(fixture, command: command)
        let sockets = SocketPool()
        var bound: [Int: Int] = [:]
        do {
            for port in served {
                bound[port.port] = try await sockets.bind(
                    address: address, firmwarePort: port.port, bindPort: ports == .firmware ? port.port : 0,
                    wire: SocketPool.Wire(port.wire), owner: 0, endpoint: endpoint)
            }
        } catch {
            await sockets.close()
            throw error
        }
        return FixtureServer(
            fixture: fixture, address: address, boundPorts: bound, served: served, replay: replay, sockets: sockets)
    }

    /// Serves `fixture` for the duration of `body`, then closes every socket.
    public static func withServer<T: Sendable>(
        _ fixture: FixtureCase, address: String, command: FixtureCase.Command? = nil, ports: Ports = .firmware,
        _ body: (FixtureServer) async throws -> T
    ) async throws -> T {
        let server = try await start(fixture, address: address, command: command, ports: ports)
        do {
            let result = try await body(server)
            await server.close()
            return result
        } catch {
            await server.close()
            throw error
        }
    }

    /// Closes the listeners and every open connection.
    public func close() async {
        await sockets.close()
    }

    /// Every request answered from (or missing in) the recordings, in order.
    public var sent: [ReplayTransport.SentRequest] { replay.sent }

    /// Requests that had no recording, in order.
    public var misses: [Exchange.Key] { replay.misses }

    /// Misses, request bodies or auth that differ from what the recordings expect, and
    /// refused authentication.
    public var problems: [String] { replay.problems }

    /// The ports a case is served on: see the type's documentation.
    public static func servedPorts(_ fixture: FixtureCase, command: FixtureCase.Command? = nil) -> [ServedPort] {
        var wires: [Int: ServedPort.Wire] = [:]
        for exchange in fixture.exchanges + (command?.exchanges ?? []) {
            switch exchange.key {
            case .http(_, _, let port): wires[port] = .http
            case .cgminer(_, _, let port):
                wires[port] = exchange.framing == .lengthPrefixed ? .cgminerLengthPrefixed : .cgminer
            }
        }
        if wires[80] == nil { wires[80] = .http }
        if wires[4028] == nil { wires[4028] = .cgminer }
        return wires.filter { !fixture.closedPorts.contains($0.key) }.sorted { $0.key < $1.key }
            .map { ServedPort($0.key, $0.value) }
    }
}
