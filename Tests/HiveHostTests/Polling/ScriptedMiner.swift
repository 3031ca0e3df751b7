import HiveProtocols
import HiveTesting
import NIOConcurrencyHelpers

/// How a scripted miner answers a read.
enum FakeBehavior: Sendable {
    /// Answers at once.
    case answer
    /// Throws this error at once.
    case fail(DriverError)
    /// Answers after this long on the manual clock (or real time when the miner has none).
    case delay(Duration)
    /// Answers after a random real-time latency in this range of milliseconds.
    case latency(ClosedRange<Int>)
    /// Never answers; honours cancellation.
    case hang
    /// Never answers until `release()`, even when cancelled.
    case hangIgnoringCancellation
    /// Waits until the shared tracker's gate opens (honours nothing else).
    case gated
}

/// Counts reads across miners and lets tests wait for them.
final class FakeTracker: Sendable {
    private struct State {
        var inFlight = 0
        var maxInFlight = 0
        var open = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = NIOLockedValueBox(State())
    /// Hosts as their read starts.
    let entered: AsyncStream<String>
    private let enteredContinuation: AsyncStream<String>.Continuation

    init() {
        (entered, enteredContinuation) = AsyncStream.makeStream(of: String.self)
    }

    var inFlight: Int { state.withLockedValue { $0.inFlight } }
    var maxInFlight: Int { state.withLockedValue { $0.maxInFlight } }

    func enter(_ host: String) {
        state.withLockedValue {
            $0.inFlight += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
        }
        enteredContinuation.yield(host)
    }

    func leave() { state.withLockedValue { $0.inFlight -= 1 } }

    /// Lets every `.gated` read (waiting or future) through.
    func openGate() {
        let waiters = state.withLockedValue { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func waitForGate() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = state.withLockedValue { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }
}

/// A fake miner: both transports of one host, carrying the script its driver follows.
final class ScriptedMiner: HTTPTransport, CGMinerTransport, Sendable {
    let host: String
    let clock: ManualClock?
    let tracker: FakeTracker
    private let script: NIOLockedValueBox<FakeBehavior>
    private let stuck = NIOLockedValueBox<[CheckedContinuation<Void, Never>]>([])
    private let readCount = NIOLockedValueBox(0)

    init(host: String, behavior: FakeBehavior = .answer, clock: ManualClock?, tracker: FakeTracker) {
        self.host = host
        self.clock = clock
        self.tracker = tracker
        script = NIOLockedValueBox(behavior)
    }

    var behavior: FakeBehavior {
        get { script.withLockedValue { $0 } }
        set { script.withLockedValue { $0 = newValue } }
    }

    var reads: Int { readCount.withLockedValue { $0 } }

    /// Ends every `.hangIgnoringCancellation` read in progress (they then answer).
    func release() {
        let waiting = stuck.withLockedValue { list in
            defer { list = [] }
            return list
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Follows the script; returns normally when the read should answer.
    func perform() async throws {
        readCount.withLockedValue { $0 += 1 }
        tracker.enter(host)
        defer { tracker.leave() }
        switch behavior {
        case .answer: return
        case .fail(let error): throw error
        case .delay(let duration):
            if let clock { try await clock.sleep(for: duration) } else { try await Task.sleep(for: duration) }
        case .latency(let range): try await Task.sleep(for: .milliseconds(Int.random(in: range)))
        case .hang: try await Task.sleep(for: .seconds(86_400 * 365))
        case .hangIgnoringCancellation:
            await withCheckedContinuation { continuation in stuck.withLockedValue { $0.append(continuation) } }
        case .gated: await tracker.waitForGate()
        }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw DriverError(.unsupported, "scripted miner has no HTTP")
    }

    func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        throw DriverError(.unsupported, "scripted miner has no CGMiner API")
    }
}
