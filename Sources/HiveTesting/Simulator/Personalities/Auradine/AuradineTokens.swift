import NIOConcurrencyHelpers

/// An Auradine miner's web-API tokens: valid for a while after their last use, and until the
/// next reboot.
final class AuradineTokens: Sendable {
    private struct Token {
        var value: String
        var expires: Duration
        var boot: Int
    }

    private struct State {
        var tokens: [Token] = []
        var issued: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())
    private let seed: UInt64
    /// How long a token stays valid after its last use.
    let idleLifetime: Duration

    init(seed: UInt64, idleLifetime: Duration) {
        self.seed = seed
        self.idleLifetime = idleLifetime
    }

    /// A new token (32 hex digits).
    func issue(now: Duration, boot: Int) -> String {
        state.withLockedValue { state in
            state.issued += 1
            let token = SeededNoise.hex(32, seed, 0xA0D, state.issued)
            state.tokens.removeAll { $0.expires <= now || $0.boot != boot }
            state.tokens.append(Token(value: token, expires: now + idleLifetime, boot: boot))
            return token
        }
    }

    /// Whether `token` is valid now; a valid token's idle timer restarts.
    func use(_ token: String, now: Duration, boot: Int) -> Bool {
        state.withLockedValue { state in
            guard
                let index = state.tokens.firstIndex(where: { $0.value == token && $0.expires > now && $0.boot == boot })
            else { return false }
            state.tokens[index].expires = now + idleLifetime
            return true
        }
    }
}
