import HiveHost
import NIOConcurrencyHelpers

/// A `Connector` that answers from a script and records every attempt.
///
/// `script(host, port, attempt)` gives the outcome of the `attempt`-th (0-based) connect to
/// `host:port`. With `barrier` set, each attempt waits until that many attempts are in flight
/// (or until only stragglers are left, see `release`), which proves the scanner's concurrency
/// bound without timing.
final class FakeConnector: Connector, Sendable {
    struct Attempt: Sendable, Hashable {
        var host: String
        var port: Int
        var timeout: Duration
    }

    private struct State {
        var attempts: [Attempt] = []
        var counts: [String: Int] = [:]
        var inFlight = 0
        var maximumInFlight = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())
    private let script: @Sendable (String, Int, Int) -> ConnectOutcome
    private let barrier: Int?

    init(
        barrier: Int? = nil, script: @escaping @Sendable (_ host: String, _ port: Int, _ attempt: Int) -> ConnectOutcome
    ) {
        self.barrier = barrier
        self.script = script
    }

    var attempts: [Attempt] { state.withLockedValue { $0.attempts } }
    var maximumInFlight: Int { state.withLockedValue { $0.maximumInFlight } }

    func attempts(to host: String) -> [Attempt] { attempts.filter { $0.host == host } }

    func connect(to host: IPv4Address, port: Int, timeout: Duration) async -> ConnectOutcome {
        let key = "\(host):\(port)"
        let attempt = state.withLockedValue { state -> Int in
            state.attempts.append(Attempt(host: host.description, port: port, timeout: timeout))
            state.inFlight += 1
            state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
            defer { state.counts[key, default: 0] += 1 }
            return state.counts[key, default: 0]
        }
        if let barrier {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
                    state.waiting.append(continuation)
                    guard state.waiting.count >= barrier else { return [] }
                    defer { state.waiting.removeAll() }
                    return state.waiting
                }
                for waiter in ready { waiter.resume() }
            }
        }
        state.withLockedValue { $0.inFlight -= 1 }
        return script(host.description, port, attempt)
    }
}
