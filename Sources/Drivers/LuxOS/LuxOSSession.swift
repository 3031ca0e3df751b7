/// The LUXminer session one driver instance holds, and a lock so that concurrent commands
/// never ask for two sessions.
///
/// LUXminer allows one session per miner; it expires after one minute without use, and every
/// use renews it (docs.luxor.tech/firmware/api/sessions). The id is kept for the instance's
/// lifetime and reused until the miner refuses it. It is never printed or logged.
actor LuxOSSession: CustomStringConvertible {
    private var current: String?
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates an empty session.
    init() {}

    nonisolated var description: String { "LuxOSSession(***)" }

    /// The session id, acquired with `acquire` (under the lock) when none is held.
    func id(acquire: @Sendable () async throws -> String) async throws -> String {
        if let current { return current }
        await lock()
        defer { unlock() }
        if let current { return current }
        let fresh = try await acquire()
        current = fresh
        return fresh
    }

    /// Forgets `id` (the miner refused it); a newer id obtained meanwhile is kept.
    func invalidate(_ id: String) {
        if current == id { current = nil }
    }

    /// Forgets whatever session is held (after a reboot, which ends every session).
    func clear() { current = nil }

    /// Whether a session id is held (for tests).
    var isHeld: Bool { current != nil }

    private func lock() async {
        if held {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            held = true
        }
    }

    private func unlock() {
        if waiters.isEmpty { held = false } else { waiters.removeFirst().resume() }
    }
}
