import NIOConcurrencyHelpers

/// A simulated miner's bearer tokens, as most firmwares' web APIs keep them: issued on login,
/// valid while used within `idleLifetime` of their last use, and gone with the next reboot.
/// Token text is seeded, so a fleet is reproducible.
final class SimulatedTokens: Sendable {
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
    private let salt: UInt64
    private let length: Int
    /// How long a token stays valid after its last use.
    let idleLifetime: Duration

    /// Tokens of `length` hex digits from `seed` (and a per-firmware `salt`).
    init(seed: UInt64, salt: UInt64, length: Int, idleLifetime: Duration) {
        self.seed = seed
        self.salt = salt
        self.length = length
        self.idleLifetime = idleLifetime
    }

    /// A new token; expired tokens and those of earlier boots are forgotten.
    func issue(now: Duration, boot: Int) -> String {
        state.withLockedValue { state in
            state.issued += 1
            let token = SeededNoise.hex(length, seed, salt, state.issued)
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
