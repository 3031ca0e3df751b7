import NIOConcurrencyHelpers

/// A VNish miner's authentication state: bearer tokens from `/unlock` (valid for a while and
/// until the next reboot) and API keys (persisted across reboots, as the firmware stores them).
final class VNishSessions: Sendable {
    /// An API key and its description.
    struct APIKey: Sendable, Hashable {
        var key: String
        var description: String
    }

    private struct Token {
        var value: String
        var expires: Duration
        var boot: Int
    }

    private struct State {
        var tokens: [Token] = []
        var keys: [APIKey] = []
        var issued: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())
    private let seed: UInt64
    /// How long a token stays valid.
    let tokenLifetime: Duration

    init(seed: UInt64, tokenLifetime: Duration) {
        self.seed = seed
        self.tokenLifetime = tokenLifetime
    }

    /// A new token (32 characters).
    func issueToken(now: Duration, boot: Int) -> String {
        state.withLockedValue { state in
            state.issued += 1
            let token = SeededNoise.hex(32, seed, 0x70C, state.issued)
            state.tokens.removeAll { $0.expires <= now || $0.boot != boot }
            state.tokens.append(Token(value: token, expires: now + tokenLifetime, boot: boot))
            return token
        }
    }

    /// Whether `token` is valid now.
    func isValid(token: String, now: Duration, boot: Int) -> Bool {
        state.withLockedValue { state in
            state.tokens.contains { $0.value == token && $0.expires > now && $0.boot == boot }
        }
    }

    /// Whether `key` is a stored API key.
    func isValid(key: String) -> Bool {
        state.withLockedValue { $0.keys.contains { $0.key == key } }
    }

    /// The stored API keys.
    var keys: [APIKey] { state.withLockedValue { $0.keys } }

    /// Stores a key; `false` when it is already stored.
    func add(_ key: APIKey) -> Bool {
        state.withLockedValue { state in
            guard !state.keys.contains(where: { $0.key == key.key }) else { return false }
            state.keys.append(key)
            return true
        }
    }

    /// Deletes a key; `false` when it was not stored.
    func delete(key: String) -> Bool {
        state.withLockedValue { state in
            let before = state.keys.count
            state.keys.removeAll { $0.key == key }
            return state.keys.count != before
        }
    }
}
