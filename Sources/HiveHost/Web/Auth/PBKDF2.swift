import Crypto
import Foundation
import _CryptoExtras

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256: swift-crypto's `KDF.Insecure.PBKDF2` (BoringSSL),
/// with the round count taken as given (``PasswordHasher`` picks it; tests use few rounds).
enum PBKDF2 {
    /// Derives `length` bytes from `password` and `salt` with `iterations` rounds (at least 1).
    ///
    /// Returns an empty array if the derivation fails (BoringSSL refuses only impossible
    /// parameters): the result then matches no stored hash, so a failure can never let a
    /// password in.
    static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: password, salt: salt, using: .sha256, outputByteCount: max(1, length),
                unsafeUncheckedRounds: max(1, iterations))
            return key.withUnsafeBytes { Array($0) }
        } catch {
            return []
        }
    }
}
