public import HiveProtocols
import NIOConcurrencyHelpers

/// Serves recorded exchanges as both an HTTP and a CGMiner transport, and records what was sent.
///
/// A request with no recording **throws** (and is remembered in `problems`, so a driver that
/// swallows the error still fails the test): tests thereby prove exactly what a driver sends.
/// Exchanges with the same key are served in order, the last one repeating, which models a
/// miner whose state changes after a write. Ports listed as closed fail as unreachable.
public final class ReplayTransport: HTTPTransport, CGMinerTransport, Sendable {
    /// One request the driver sent.
    public struct SentRequest: Sendable, CustomStringConvertible {
        /// The key.
        public var key: Exchange.Key
        /// The body (HTTP) or payload (CGMiner) sent.
        public var body: [UInt8]?
        /// The auth kind used (HTTP).
        public var auth: String?
        public var description: String { key.description }
    }

    private struct State {
        var queues: [Exchange.Key: [Exchange]] = [:]
        var served: [Exchange.Key: Int] = [:]
        var sent: [SentRequest] = []
        var problems: [String] = []
        var misses: [Exchange.Key] = []
    }

    private let state: NIOLockedValueBox<State>
    private let closedPorts: Set<Int>
    /// A label for error messages (e.g. the case name).
    public let label: String

    /// Creates a transport serving `exchanges`; later exchanges in `overrides` replace every
    /// exchange with the same key.
    public init(exchanges: [Exchange], overrides: [Exchange] = [], closedPorts: Set<Int> = [], label: String = "replay")
    {
        var queues: [Exchange.Key: [Exchange]] = [:]
        for exchange in exchanges { queues[exchange.key, default: []].append(exchange) }
        var overridden: [Exchange.Key: [Exchange]] = [:]
        for exchange in overrides { overridden[exchange.key, default: []].append(exchange) }
        queues.merge(overridden) { _, new in new }
        self.state = NIOLockedValueBox(State(queues: queues))
        self.closedPorts = closedPorts
        self.label = label
    }

    /// Creates a transport for a fixture case (optionally while one of its commands runs).
    public convenience init(case fixture: FixtureCase, command: FixtureCase.Command? = nil) {
        self.init(
            exchanges: fixture.exchanges, overrides: command?.exchanges ?? [], closedPorts: fixture.closedPorts,
            label: fixture.description + (command.map { " command \($0.name)" } ?? ""))
    }

    /// Every request sent, in order.
    public var sent: [SentRequest] { state.withLockedValue { $0.sent } }

    /// Requests that had no recording, or did not match what the recording expects.
    public var problems: [String] { state.withLockedValue { $0.problems } }

    /// The keys of requests that had no recording, in order.
    public var misses: [Exchange.Key] { state.withLockedValue { $0.misses } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let key = Exchange.Key(request)
        let exchange = try next(for: key, body: request.body, auth: Self.authKind(request.auth))
        return HTTPResponse(status: exchange.status, headers: exchange.headers, body: exchange.body)
    }

    public func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        let key = Exchange.Key(request)
        let exchange = try next(for: key, body: request.payload, auth: nil)
        if exchange.body.isEmpty && !request.allowsEmptyReply {
            throw DriverError(.unexpectedResponse, "connection closed without a reply", request: request.description)
        }
        return exchange.body
    }

    private func next(for key: Exchange.Key, body: [UInt8]?, auth: String?) throws -> Exchange {
        try serve(key, body: body, auth: auth).get()
    }

    /// The exchange the next request with `key` would get, without serving it (`nil` when none
    /// is recorded).
    func upcoming(_ key: Exchange.Key) -> Exchange? {
        state.withLockedValue { state in
            guard let queue = state.queues[key], !queue.isEmpty else { return nil }
            return queue[min(state.served[key, default: 0], queue.count - 1)]
        }
    }

    /// Serves the next exchange for `key`, recording the request, a miss, or a mismatch with
    /// what the recording expects (shared by the in-process transport and `FixtureServer`).
    func serve(_ key: Exchange.Key, body: [UInt8]?, auth: String?) -> Result<Exchange, DriverError> {
        state.withLockedValue { state in
            state.sent.append(SentRequest(key: key, body: body, auth: auth))
            if closedPorts.contains(key.port) {
                return .failure(
                    DriverError(
                        .unreachable, "connection refused (port \(key.port) closed in fixture)",
                        request: key.description))
            }
            guard let queue = state.queues[key], !queue.isEmpty else {
                state.misses.append(key)
                state.problems.append("\(label): no recording for \(key)")
                return .failure(
                    DriverError(.unexpectedResponse, "\(label): no recording for \(key)", request: key.description))
            }
            let index = min(state.served[key, default: 0], queue.count - 1)
            state.served[key] = index + 1
            let exchange = queue[index]
            if let expected = exchange.expectedRequestBody {
                var actual =
                    body.flatMap { try? TolerantJSONReader.parse($0) }
                    ?? body.map { JSONValue.string(String(decoding: $0, as: UTF8.self)) }
                // A body `powerhive record` pinned with its secrets redacted matches any secret.
                if expected.serialized().contains(#""REDACTED""#) { actual = actual.map(RecordingTransport.redact) }
                if actual.map({ JSONComparison.differences(expected: expected, actual: $0) }) != [] {
                    state.problems.append(
                        "\(label): \(key) sent body \(actual?.serialized() ?? "nil"), recording expects \(expected.serialized())"
                    )
                }
            }
            if let expectedAuth = exchange.expectedAuth, expectedAuth != auth {
                state.problems.append("\(label): \(key) used auth \(auth ?? "none"), recording expects \(expectedAuth)")
            }
            return .success(exchange)
        }
    }

    /// Records a problem found outside the matching (e.g. by `FixtureServer`'s auth checks).
    func note(_ problem: String) {
        state.withLockedValue { $0.problems.append(problem) }
    }

    static func authKind(_ auth: HTTPAuth) -> String {
        switch auth {
        case .none: "none"
        case .basic: "basic"
        case .digest: "digest"
        case .bearer: "bearer"
        case .apiKey: "api-key"
        }
    }
}
