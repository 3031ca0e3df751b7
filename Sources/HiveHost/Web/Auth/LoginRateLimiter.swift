import NIOConcurrencyHelpers

/// Limits password guessing: after `maxFailures` failed logins within `window` from one address
/// or for one user name, further attempts from that address or for that name are refused until
/// the oldest failure leaves the window.
///
/// A success clears the user name's failures but not the address's, so an attacker holding one
/// valid account cannot reset the address limit. State is in memory (it resets on restart) and
/// bounded: past `maxTrackedKeys` the least recently failed keys are forgotten.
public final class LoginRateLimiter: Sendable {
    /// Limits.
    public struct Configuration: Sendable, Hashable {
        /// Failures allowed within the window.
        public var maxFailures: Int
        /// The window, in seconds.
        public var windowSeconds: Int
        /// Most addresses and names tracked at once.
        public var maxTrackedKeys: Int

        /// Creates limits (default: 5 failures in 5 minutes).
        public init(maxFailures: Int = 5, windowSeconds: Int = 300, maxTrackedKeys: Int = 10_000) {
            self.maxFailures = max(1, maxFailures)
            self.windowSeconds = max(1, windowSeconds)
            self.maxTrackedKeys = max(16, maxTrackedKeys)
        }
    }

    private let configuration: Configuration
    private let failures = NIOLockedValueBox([String: [UnixMillis]]())

    /// Creates a limiter.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Seconds until an attempt is allowed, or `nil` when it is allowed now.
    public func retryAfter(ip: String?, username: String, now: UnixMillis) -> Int? {
        let keys = Self.keys(ip: ip, username: username)
        let windowMs = Int64(configuration.windowSeconds) * 1000
        return failures.withLockedValue { table in
            var wait: Int64 = 0
            for key in keys {
                let recent = (table[key] ?? []).filter { now.rawValue - $0.rawValue < windowMs }
                guard recent.count >= configuration.maxFailures else { continue }
                // Allowed again once enough failures have aged out to fall under the limit.
                let blocking = recent[recent.count - configuration.maxFailures]
                wait = max(wait, blocking.rawValue + windowMs - now.rawValue)
            }
            return wait > 0 ? Int((wait + 999) / 1000) : nil
        }
    }

    /// Counts a failed attempt against the address and the user name.
    public func recordFailure(ip: String?, username: String, now: UnixMillis) {
        let windowMs = Int64(configuration.windowSeconds) * 1000
        failures.withLockedValue { table in
            for key in Self.keys(ip: ip, username: username) {
                var list = (table[key] ?? []).filter { now.rawValue - $0.rawValue < windowMs }
                list.append(now)
                table[key] = Array(list.suffix(configuration.maxFailures * 2))
            }
            if table.count > configuration.maxTrackedKeys { prune(&table, now: now, windowMs: windowMs) }
        }
    }

    /// Clears the user name's failures after a successful login.
    public func recordSuccess(username: String) {
        _ = failures.withLockedValue { $0.removeValue(forKey: Self.userKey(username)) }
    }

    private func prune(_ table: inout [String: [UnixMillis]], now: UnixMillis, windowMs: Int64) {
        table = table.filter { _, list in list.contains { now.rawValue - $0.rawValue < windowMs } }
        guard table.count > configuration.maxTrackedKeys else { return }
        let newestFirst = table.sorted { ($0.value.last ?? UnixMillis(0)) > ($1.value.last ?? UnixMillis(0)) }
        table = Dictionary(
            uniqueKeysWithValues: newestFirst.prefix(configuration.maxTrackedKeys).map { ($0.key, $0.value) })
    }

    private static func keys(ip: String?, username: String) -> [String] {
        [userKey(username)] + (ip.map { ["ip:" + $0] } ?? [])
    }

    private static func userKey(_ username: String) -> String { "user:" + username.lowercased() }
}
