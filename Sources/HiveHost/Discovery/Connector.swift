/// What one TCP connect attempt found.
public enum ConnectOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The port accepted the connection.
    case open
    /// The host answered with a reset: nothing listens there. Definite; never retried.
    case refused
    /// No answer within the timeout (a filtered port, a missing host, or a congested network).
    case timedOut
    /// Any other failure (no route, host unreachable...), with the reason for logs.
    case failed(String)

    /// Whether the host answered at all (open or refused): it is there.
    public var hostAnswered: Bool {
        switch self {
        case .open, .refused: true
        case .timedOut, .failed: false
        }
    }

    public var description: String {
        switch self {
        case .open: "open"
        case .refused: "refused"
        case .timedOut: "timed out"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}

/// Opens (and at once closes) a TCP connection to learn whether a port is open: the fast
/// stage of discovery.
///
/// ``NIOConnector`` is the live implementation; tests inject fakes to exercise timeouts and
/// retries without touching the network.
public protocol Connector: Sendable {
    /// Tries to connect to `host:port` within `timeout`, then closes the connection at once.
    /// Never throws: every failure is an outcome.
    func connect(to host: IPv4Address, port: Int, timeout: Duration) async -> ConnectOutcome
}
