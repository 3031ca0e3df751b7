import NIOConcurrencyHelpers

/// Lets at most `limit` callers run a body at once; the rest wait in arrival order.
///
/// Discovery's second identification attempts go through one, so hosts whose probes timed out
/// are asked again at a lower concurrency than the first wave. Waiting is cancellation-safe: a
/// cancelled waiter leaves the queue at once, throwing `CancellationError`.
final class AsyncLimiter: Sendable {
    private struct State {
        var available: Int
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
    }

    private let state: NIOLockedValueBox<State>

    /// Creates a limiter admitting `limit` (at least 1) at once.
    init(limit: Int) {
        state = NIOLockedValueBox(State(available: max(1, limit)))
    }

    /// Runs `body` once a place is free.
    ///
    /// - Throws: `CancellationError` when cancelled while waiting.
    func run<T: Sendable>(_ body: () async -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return await body()
    }

    private func acquire() async throws {
        try Task.checkCancellation()
        let id = state.withLockedValue { state -> UInt64? in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextID &+= 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLockedValue { state -> Bool in
                    guard !Task.isCancelled else { return true }
                    state.waiters.append((id, continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func release() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiters.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation  // the place passes straight to it
        }
        next?.resume()
    }
}
