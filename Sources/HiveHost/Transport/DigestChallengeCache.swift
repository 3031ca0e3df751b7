import NIOConcurrencyHelpers

/// Remembers the last Digest challenge per miner address and user, and counts the uses of
/// its nonce, so later requests go out authenticated at once instead of costing a 401 round
/// trip each ("nonce reuse with nc counting", RFC 7616 §3.4).
///
/// The realm travels inside the stored challenge: a server that answers a later request with
/// a different realm or a new nonce simply replaces the entry. Share one cache between the
/// transports of all miners (`LiveTransportFactory` does).
public final class DigestChallengeCache: Sendable {
    private struct Key: Hashable {
        var authority: String
        var username: String
    }

    private struct Entry {
        var challenge: DigestChallenge
        var nonceCount: Int
    }

    private let entries = NIOLockedValueBox<[Key: Entry]>([:])

    /// Creates an empty cache.
    public init() {}

    /// The cached challenge for `authority` ("host:port") and `username`, with the nonce
    /// count for this use (incremented on every call), or nil when none is cached.
    public func nextUse(authority: String, username: String) -> (challenge: DigestChallenge, nonceCount: Int)? {
        entries.withLockedValue { entries in
            let key = Key(authority: authority, username: username)
            guard var entry = entries[key] else { return nil }
            entry.nonceCount += 1
            entries[key] = entry
            return (entry.challenge, entry.nonceCount)
        }
    }

    /// Stores a fresh challenge and returns the nonce count for its first use (1).
    @discardableResult
    public func store(_ challenge: DigestChallenge, authority: String, username: String) -> Int {
        entries.withLockedValue { entries in
            entries[Key(authority: authority, username: username)] = Entry(challenge: challenge, nonceCount: 1)
        }
        return 1
    }

    /// Forgets the challenge for `authority` and `username` (after the credentials were refused).
    public func remove(authority: String, username: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: Key(authority: authority, username: username)) }
    }

    /// The number of cached challenges.
    public var count: Int {
        entries.withLockedValue { $0.count }
    }
}
