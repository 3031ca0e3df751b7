import HiveProtocols
import NIOConcurrencyHelpers

/// Wraps a miner's transports so every request fails with `.timedOut` once a shared deadline
/// on an injected clock has passed: the probe timeout of a host covers all its probes, however
/// the transport queues them.
///
/// The wrapped transports must honour task cancellation (the live ones do): a request still
/// running at the deadline is cancelled, and the call returns when it has unwound. Requests
/// that timed out (this deadline or the transport's own) are counted in ``timeouts``.
struct TimeLimitedTransport<C: Clock<Duration>>: HTTPTransport, CGMinerTransport {
    let http: any HTTPTransport
    let cgminer: any CGMinerTransport
    let clock: C
    let deadline: C.Instant
    let budget: Duration
    let timeouts = TimeoutCount()

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await timeouts.counting {
            try await runWithDeadline(deadline, on: clock, budget: budget, request: "HTTP \(request.summary)") {
                try await http.send(request)
            }
        }
    }

    func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        try await timeouts.counting {
            try await runWithDeadline(deadline, on: clock, budget: budget, request: "CGMiner \(request)") {
                try await cgminer.send(request)
            }
        }
    }
}

/// Counts requests that ended in a `.timedOut` `DriverError`: no answer either way, as opposed
/// to a refusal or a reply.
final class TimeoutCount: Sendable {
    private let count = NIOLockedValueBox(0)

    /// Requests that timed out so far.
    var value: Int { count.withLockedValue { $0 } }

    /// Runs `body`, counting it if it throws a timeout.
    func counting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DriverError where error.kind == .timedOut {
            count.withLockedValue { $0 += 1 }
            throw error
        }
    }
}

/// Runs `operation`, or throws a `.timedOut` `DriverError` once `deadline` passes on `clock`
/// (cancelling the operation, which must honour cancellation to return promptly).
///
/// - Parameters:
///   - budget: The time the deadline allowed, for the error message.
///   - request: What was being done, for the error.
func runWithDeadline<C: Clock<Duration>, T: Sendable>(
    _ deadline: C.Instant, on clock: C, budget: Duration, request: String,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await clock.sleep(until: deadline, tolerance: nil)
            return nil
        }
        defer { group.cancelAll() }
        if let first = try await group.next(), let value = first { return value }
        throw DriverError(.timedOut, "no answer within \(budget)", request: request)
    }
}
