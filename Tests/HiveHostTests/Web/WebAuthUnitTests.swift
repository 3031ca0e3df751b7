import Foundation
import HiveProtocols
import Testing

@testable import HiveHost

@Suite("Web auth primitives")
struct WebAuthUnitTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// RFC 7914 §11 and the common 4096-round vector (RFC 7914's 80 000-round one passes too but costs
    /// half a second of CPU): the same bytes as any PBKDF2-HMAC-SHA256.
    @Test(arguments: [
        (
            "passwd", "salt", 1, 64,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        ),
        ("password", "salt", 4096, 32, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
    ])
    func pbkdf2Vectors(password: String, salt: String, rounds: Int, length: Int, expected: String) {
        let derived = PBKDF2.sha256(
            password: Array(password.utf8), salt: Array(salt.utf8), iterations: rounds, length: length)
        #expect(Self.hex(derived) == expected)
    }

    @Test func passwordHashRoundTrip() {
        let hasher = PasswordHasher(iterations: 1000)
        let stored = hasher.hash("correct horse battery")
        #expect(stored.hasPrefix("$pbkdf2-sha256$i=1000$"))
        #expect(!stored.contains("correct horse"))
        #expect(hasher.verify("correct horse battery", against: stored))
        #expect(!hasher.verify("correct horse batterY", against: stored))
        #expect(hasher.hash("same") != hasher.hash("same"), "salted")
        #expect(!hasher.needsRehash(stored))
        #expect(PasswordHasher(iterations: 2000).needsRehash(stored))
    }

    @Test(arguments: ["", "plain", "$pbkdf2-sha256$i=0$AAAA$AAAA", "$bcrypt$x", "$pbkdf2-sha256$i=10$@@$@@"])
    func malformedHashesNeverMatch(stored: String) {
        #expect(!PasswordHasher(iterations: 10).verify("", against: stored))
        #expect(PasswordHasher(iterations: 10).needsRehash(stored))
    }

    @Test func tokensAreRandomAndStoredHashed() {
        let token = SecretToken.newAPIToken()
        #expect(token.hasPrefix("phk_"))
        #expect(token.count > 40)
        #expect(token != SecretToken.newAPIToken())
        let hash = SecretToken.hash(token)
        #expect(hash.count == 64)
        #expect(!hash.contains(token))
        #expect(SecretToken.newPassword().count == 20)
    }

    @Test func rateLimiterBlocksAfterFiveFailuresPerUserAndPerAddress() {
        let limiter = LoginRateLimiter()
        let start = UnixMillis(1_000_000)
        for i in 0..<5 {
            #expect(
                limiter.retryAfter(ip: "10.1.1.1", username: "alice", now: start.adding(milliseconds: Int64(i))) == nil)
            limiter.recordFailure(ip: "10.1.1.1", username: "alice", now: start.adding(milliseconds: Int64(i)))
        }
        // Same user from elsewhere, and another user from the same address: both refused.
        #expect(limiter.retryAfter(ip: "10.9.9.9", username: "ALICE", now: start.adding(milliseconds: 10)) != nil)
        #expect(limiter.retryAfter(ip: "10.1.1.1", username: "bob", now: start.adding(milliseconds: 10)) != nil)
        #expect(limiter.retryAfter(ip: "10.9.9.9", username: "bob", now: start.adding(milliseconds: 10)) == nil)
        let wait = limiter.retryAfter(ip: "10.1.1.1", username: "alice", now: start.adding(milliseconds: 10))
        #expect(wait == 300)
        // Once the first failure leaves the five-minute window, one more attempt is allowed.
        #expect(limiter.retryAfter(ip: "10.1.1.1", username: "alice", now: start.adding(milliseconds: 300_001)) == nil)
        // A success clears the user name only.
        limiter.recordSuccess(username: "alice")
        #expect(limiter.retryAfter(ip: "10.9.9.9", username: "alice", now: start.adding(milliseconds: 20)) == nil)
        #expect(limiter.retryAfter(ip: "10.1.1.1", username: "carol", now: start.adding(milliseconds: 20)) != nil)
    }

    @Test func rolesAreOrdered() {
        #expect(Role.admin.allows(.operator) && Role.operator.allows(.viewer) && Role.viewer.allows(.viewer))
        #expect(!Role.viewer.allows(.operator) && !Role.operator.allows(.admin))
    }

    @Test(arguments: [
        ("/", "/"), ("/miners/3?range=7d", "/miners/3?range=7d"), ("//evil.example", "/"),
        ("https://evil.example", "/"), ("/\\evil", "/"), (nil as String?, "/"),
    ])
    func loginRedirectsOnlyToLocalPaths(next: String?, expected: String) {
        #expect(SessionRoutes.safeNext(next) == expected)
    }

    @Test func loopHealthReportsAStaleLoop() {
        let time = LockedTime(0)
        let loops = LoopHealth(now: { UnixMillis(time.value) })
        loops.register("status", interval: .seconds(60))
        loops.register("plant", interval: .seconds(30))
        time.value = 100_000
        loops.tick("status")
        time.value = 150_000
        #expect(loops.statuses().map(\.stale) == [true, false], "plant: 150 s silent > 3 × 30 s")
        time.value = 100_000 + 181_000
        #expect(loops.statuses().first { $0.name == "status" }?.stale == true)
    }
}

/// A settable millisecond clock for synchronous tests.
final class LockedTime: @unchecked Sendable {
    private let lock = NSLock()
    private var ms: Int64
    init(_ ms: Int64) { self.ms = ms }
    var value: Int64 {
        get { lock.withLock { ms } }
        set { lock.withLock { ms = newValue } }
    }
}
