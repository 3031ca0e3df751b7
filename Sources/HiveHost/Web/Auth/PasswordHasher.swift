import Foundation

/// Hashes and checks passwords with PBKDF2-HMAC-SHA256, storing the parameters with the hash
/// so the iteration count can rise later without invalidating stored passwords.
///
/// Format: `$pbkdf2-sha256$i=<iterations>$<salt, base64>$<hash, base64>` (16-byte random salt,
/// 32-byte hash). Checking compares in constant time.
public struct PasswordHasher: Sendable, Hashable {
    /// Rounds for new hashes. OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600 000; tests use
    /// far fewer to stay fast.
    public var iterations: Int

    /// The scheme name in stored strings.
    static let scheme = "pbkdf2-sha256"

    /// Creates a hasher.
    public init(iterations: Int = 600_000) {
        self.iterations = max(1, iterations)
    }

    /// A new salted hash of `password`.
    public func hash(_ password: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let derived = PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
        return
            "$\(Self.scheme)$i=\(iterations)$\(Data(salt).base64EncodedString())$\(Data(derived).base64EncodedString())"
    }

    /// Whether `password` matches `stored`. A malformed stored string never matches.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Self.parse(stored) else { return false }
        let derived = PBKDF2.sha256(
            password: Array(password.utf8), salt: parsed.salt, iterations: parsed.iterations,
            length: parsed.hash.count)
        return ConstantTime.equal(derived, parsed.hash)
    }

    /// Burns the same time as a check against a real hash, for unknown user names, so response
    /// times do not reveal which names exist.
    public func simulateVerify() {
        _ = PBKDF2.sha256(password: [0], salt: Array(repeating: 0, count: 16), iterations: iterations, length: 32)
    }

    /// Whether `stored` was made with fewer rounds than this hasher uses (rehash at next login).
    public func needsRehash(_ stored: String) -> Bool {
        guard let parsed = Self.parse(stored) else { return true }
        return parsed.iterations < iterations
    }

    static func parse(_ stored: String) -> (iterations: Int, salt: [UInt8], hash: [UInt8])? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == Self.scheme, parts[2].hasPrefix("i="),
            let iterations = Int(parts[2].dropFirst(2)), (1...100_000_000).contains(iterations),
            let salt = Data(base64Encoded: String(parts[3])), let hash = Data(base64Encoded: String(parts[4])),
            !salt.isEmpty, hash.count >= 16
        else { return nil }
        return (iterations, Array(salt), Array(hash))
    }
}

/// Comparisons whose time does not depend on where the inputs differ.
enum ConstantTime {
    /// Whether two byte strings are equal (length is not hidden).
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// Whether two strings are equal byte for byte.
    static func equal(_ a: String, _ b: String) -> Bool { equal(Array(a.utf8), Array(b.utf8)) }
}
