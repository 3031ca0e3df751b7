/// How many requests a simulated miner has had in progress at once: the check that a client
/// keeps its promise of one request in flight per miner (or per port).
public struct RequestConcurrency: Sendable, Hashable {
    /// Requests in progress now, by firmware port.
    public var inProgress: [Int: Int] = [:]
    /// The most requests in progress at once, all ports together.
    public var peak = 0
    /// The most requests in progress at once on any one port.
    public var peakPerPort = 0

    /// Creates an empty record.
    public init() {}

    mutating func started(port: Int) {
        inProgress[port, default: 0] += 1
        peak = max(peak, inProgress.values.reduce(0, +))
        peakPerPort = max(peakPerPort, inProgress[port] ?? 0)
    }

    mutating func ended(port: Int) {
        inProgress[port] = max(0, (inProgress[port] ?? 0) - 1)
    }
}

extension SimulatedMiner {
    /// The requests it has had in progress at once so far. A request is in progress from
    /// when it has been read until its reply starts (or, unanswered, until its connection
    /// closes), so a client that waits for one reply before sending the next request is never
    /// seen with two.
    public var requestConcurrency: RequestConcurrency { state.withLockedValue { $0.concurrency } }

    /// A request on `port` has been read and is being answered.
    func requestStarted(port: Int) {
        state.withLockedValue { $0.concurrency.started(port: port) }
    }

    /// The request on `port` is answered (its reply is being written) or abandoned.
    func requestEnded(port: Int) {
        state.withLockedValue { $0.concurrency.ended(port: port) }
    }
}
