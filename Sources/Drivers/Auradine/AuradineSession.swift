import HiveProtocols

/// The web-API token one Auradine driver instance holds, and a lock so that concurrent calls
/// never request two tokens at once. The token is a `Secret`: it never prints.
///
/// The lock is a FIFO hand-off held only around requesting a token, never around ordinary
/// requests.
actor AuradineSession {
    /// The current token, if one was issued.
    private(set) var token: Secret?

    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates an empty session.
    init() {}

    /// Records a fresh token.
    func set(_ token: Secret?) { self.token = token }

    /// Runs `body` (a token request) under the lock.
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
