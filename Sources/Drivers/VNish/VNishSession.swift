import HiveProtocols

/// The secrets one VNish driver instance holds (bearer token, API key), and a lock so that
/// concurrent calls never unlock or create keys twice.
///
/// The lock is a FIFO hand-off: `acquire()` waits until the holder calls `release()`. Only
/// the authentication steps run under it, never ordinary reads.
actor VNishSession {
    /// The current bearer token, if unlocked.
    private(set) var token: Secret?
    /// The API key in use, once known.
    private(set) var apiKey: Secret?
    /// Whether this miner offers no usable API key (old firmware, creation refused), so reads
    /// use the bearer token instead.
    private(set) var apiKeyUnavailable = false

    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates an empty session.
    init() {}

    /// Waits for the lock.
    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Releases the lock, handing it to the next waiter if any.
    func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Records a fresh token.
    func setToken(_ token: Secret) { self.token = token }

    /// Records the API key.
    func setAPIKey(_ key: Secret) {
        apiKey = key
        apiKeyUnavailable = false
    }

    /// Records that no API key can be used on this miner.
    func markAPIKeyUnavailable() { apiKeyUnavailable = true }
}
