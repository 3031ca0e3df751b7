import NIOConcurrencyHelpers

/// The v2 tokens one simulated Whatsminer has issued (`get_token`), by clock time.
final class WhatsminerTokens: Sendable {
    /// One issued token.
    struct Issued: Sendable {
        var salt: String
        var newSalt: String
        var time: String
        var issued: Duration
    }

    private let state: NIOLockedValueBox<(counter: UInt64, issued: [Issued])>
    private let seed: UInt64
    private let lifetime: Duration

    init(seed: UInt64, lifetime: Duration) {
        self.seed = seed
        self.lifetime = lifetime
        self.state = NIOLockedValueBox((0, []))
    }

    /// Issues a token at `now`; `unixTime` gives its `time` (the last 4 digits, as the API
    /// document shows).
    func issue(now: Duration, unixTime: Int) -> Issued {
        state.withLockedValue { state in
            state.counter += 1
            let token = Issued(
                salt: Self.saltText(SeededNoise.hash(seed, state.counter, 1)),
                newSalt: Self.saltText(SeededNoise.hash(seed, state.counter, 2)),
                time: String(String(unixTime).suffix(4)), issued: now)
            state.issued = Array((state.issued + [token]).suffix(8))
            return token
        }
    }

    /// The tokens still valid at `now`, newest first.
    func valid(now: Duration) -> [Issued] {
        state.withLockedValue { state in state.issued.filter { now - $0.issued < lifetime }.reversed() }
    }

    /// Eight letters and digits from `value`.
    static func saltText(_ value: UInt64) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var value = value
        return String(
            (0..<8).map { _ in
                defer { value /= 62 }
                return letters[Int(value % 62)]
            })
    }
}
