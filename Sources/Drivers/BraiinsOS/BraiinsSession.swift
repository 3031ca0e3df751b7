import HiveProtocols

/// The secret one Braiins driver instance holds (REST bearer token or GraphQL session
/// cookie), and a lock so that concurrent calls never log in twice.
///
/// The lock is a FIFO hand-off held only around logging in, never around ordinary requests.
actor BraiinsSession {
    /// The current token or cookie value, if logged in.
    private(set) var secret: Secret?

    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates an empty session.
    init() {}

    /// Records a fresh secret.
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

/// The reply to a Braiins write: accepted (with its JSON body, `.null` when empty) or refused.
enum BraiinsWriteReply: Sendable {
    /// 2xx (REST) or a result without an error (GraphQL).
    case accepted(JSONValue)
    /// The firmware's refusal, for the operator.
    case refused(String)
}
