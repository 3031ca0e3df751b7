import NIOConcurrencyHelpers

/// Lets one request at a time reach each miner address and queues the rest in arrival order.
///
/// Many miners serve one API client at a time (Avalon's API is single-threaded; LuxOS keeps
/// one session), so the HTTP and CGMiner transports of one miner share one gate and every
/// request they send holds the miner's permit while it runs. Requests to different addresses
/// never wait for each other.
///
/// Waiting is cancellation-safe: a cancelled waiter leaves the queue at once (throwing
/// `CancellationError`) and the waiters behind it move up. A permit is handed straight to
/// the next waiter when released, so a late arrival cannot overtake the queue.
public final class MinerRequestGate: Sendable {
    /// Called with the host and its number of waiters whenever a waiter joins or leaves a
    /// queue (for queue-length metrics; tests use it to line waiters up deterministically).
    /// It runs synchronously inside `withPermit` and on release, so it must be quick.
    public typealias QueueObserver = @Sendable (_ host: String, _ waiting: Int) -> Void

    private let state = NIOLockedValueBox(State())
    private let observer: QueueObserver?

    /// Creates a gate with no miner busy.
    public init() {
        self.observer = nil
    }

    /// Creates a gate that reports queue lengths to `observer`.
    public init(observer: @escaping QueueObserver) {
        self.observer = observer
    }

    /// Runs `body` while holding the permit for `host`, waiting in line for it if another
    /// request to that host is in flight.
    ///
    /// - Throws: `CancellationError` if the task is cancelled while waiting; otherwise
    ///   whatever `body` throws. The permit is released when `body` returns or throws.
    public func withPermit<T>(
        for host: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        try await acquire(host)
        defer { release(host) }
        return try await body()
    }

    /// Runs `body` while holding the permit `scope` names for `host` (the whole miner, or
    /// only its `port`), waiting in line for it if another request holding it is in flight.
    ///
    /// - Throws: `CancellationError` if the task is cancelled while waiting; otherwise
    ///   whatever `body` throws. The permit is released when `body` returns or throws.
    public func withPermit<T>(
        for host: String, port: Int, scope: Scope, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async throws -> T {
        let key = scope.key(host: host, port: port)
        try await acquire(key)
        defer { release(key) }
        return try await body()
    }

    /// Whether a request to `host` holding its ``Scope/miner`` permit is in flight right now
    /// (requests in ``Scope/port`` lanes do not count). Never waits.
    public func isBusy(_ host: String) -> Bool {
        state.withLockedValue { $0.hosts[host] != nil }
    }

    /// How many requests to `host` are waiting for the permit. Never waits.
    public func waitingCount(for host: String) -> Int {
        state.withLockedValue { $0.hosts[host]?.queue.count ?? 0 }
    }

    // MARK: - Permit bookkeeping

    private struct State {
        /// Hosts with a request in flight; absent means free.
        var hosts: [String: HostQueue] = [:]
        /// Waiters that have asked for a permit and not yet resumed.
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
    }

    private struct HostQueue {
        /// Waiter ids in arrival order.
        var queue: [UInt64] = []
    }

    private enum Waiter {
        /// In the queue; its continuation is not parked yet.
        case registered
        /// Parked in the queue.
        case queued(CheckedContinuation<Void, any Error>)
        /// Handed the permit before its continuation was parked.
        case granted
        /// Cancelled (and out of the queue) before its continuation was parked.
        case cancelled
    }

    private enum Resumption {
        case none
        case grant(CheckedContinuation<Void, any Error>)
        case cancel(CheckedContinuation<Void, any Error>)
    }

    private func acquire(_ host: String) async throws {
        try Task.checkCancellation()
        let registration: (id: UInt64, waiting: Int)? = state.withLockedValue { state in
            guard var queue = state.hosts[host] else {
                state.hosts[host] = HostQueue()
                return nil
            }
            state.nextID &+= 1
            queue.queue.append(state.nextID)
            state.hosts[host] = queue
            state.waiters[state.nextID] = .registered
            return (state.nextID, queue.queue.count)
        }
        guard let (id, waiting) = registration else { return }  // the host was free: permit taken at once
        observer?(host, waiting)

        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumption = state.withLockedValue { state -> Resumption in
                    switch state.waiters[id] {
                    case .registered:
                        state.waiters[id] = .queued(continuation)
                        return .none
                    case .granted:
                        state.waiters[id] = nil
                        return .grant(continuation)
                    case .cancelled, .queued, nil:
                        state.waiters[id] = nil
                        return .cancel(continuation)
                    }
                }
                resume(resumption)
            }
        } onCancel: {
            let (resumption, waiting) = state.withLockedValue { state -> (Resumption, Int?) in
                switch state.waiters[id] {
                case .registered:
                    state.waiters[id] = .cancelled
                case .queued(let continuation):
                    state.waiters[id] = nil
                    state.hosts[host]?.queue.removeAll { $0 == id }
                    return (.cancel(continuation), state.hosts[host]?.queue.count ?? 0)
                case .granted, .cancelled, nil:
                    return (.none, nil)  // the permit is ours already (the caller releases it), or done
                }
                state.hosts[host]?.queue.removeAll { $0 == id }
                return (.none, state.hosts[host]?.queue.count ?? 0)
            }
            resume(resumption)
            if let waiting { observer?(host, waiting) }
        }
    }

    private func release(_ host: String) {
        let (resumption, waiting) = state.withLockedValue { state -> (Resumption, Int?) in
            guard var queue = state.hosts[host] else { return (.none, nil) }
            while !queue.queue.isEmpty {
                let next = queue.queue.removeFirst()
                switch state.waiters[next] {
                case .queued(let continuation):
                    state.hosts[host] = queue  // the permit passes straight to `next`
                    state.waiters[next] = nil
                    return (.grant(continuation), queue.queue.count)
                case .registered:
                    state.hosts[host] = queue
                    state.waiters[next] = .granted  // it collects the permit when it parks
                    return (.none, queue.queue.count)
                case .granted, .cancelled, nil:
                    continue  // not waiting any more (cannot happen: such ids leave the queue)
                }
            }
            state.hosts[host] = nil
            return (.none, nil)
        }
        resume(resumption)
        if let waiting { observer?(host, waiting) }
    }

    private func resume(_ resumption: Resumption) {
        switch resumption {
        case .none: break
        case .grant(let continuation): continuation.resume()
        case .cancel(let continuation): continuation.resume(throwing: CancellationError())
        }
    }
}
