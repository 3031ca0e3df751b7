import HiveProtocols

/// The secret one driver instance holds after logging in (a bearer token, an API token, a
/// session cookie), and a lock so that concurrent calls never log in twice. The secret is a
/// `Secret`: it never prints.
///
/// The lock is a FIFO hand-off held only around logging in, never around ordinary requests.
actor LoginSession {
    /// The current secret, if logged in.
    private(set) var secret: Secret?

    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates an empty session.
    init() {}

    /// Records a fresh secret (`nil`: forget it, e.g. after the miner refused it).
    func set(_ secret: Secret?) { self.secret = secret }

    /// Runs `body` (a login) under the lock.
    func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if held {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            held = true
        }
        defer {
            if waiters.isEmpty { held = false } else { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}
