import Crypto
import Foundation

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256 from swift-crypto.
///
/// The HMAC is swift-crypto's; only the iteration loop is here, because swift-crypto's own
/// PBKDF2 lives in the `_CryptoExtras` product, which HiveHost does not depend on yet. Output is
/// identical to `KDF.Insecure.PBKDF2.deriveKey(from:salt:using: .sha256, outputByteCount:
/// unsafeUncheckedRounds:)`, so the body can be swapped for that call without touching stored
/// hashes (the tests check RFC 7914 §11 vectors either way).
enum PBKDF2 {
    /// Derives `length` bytes from `password` and `salt` with `iterations` rounds (at least 1).
    static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        let keyed = HMAC<SHA256>(key: SymmetricKey(data: password))
        let rounds = max(1, iterations)
        var output: [UInt8] = []
        output.reserveCapacity(length + 32)
        var blockIndex: UInt32 = 1
        while output.count < length {
            var first = keyed
            first.update(data: salt)
            first.update(data: withUnsafeBytes(of: blockIndex.bigEndian) { Array($0) })
            var mac = first.finalize()
            var block = mac.withUnsafeBytes { Array($0) }
            for _ in 1..<rounds {
                var next = keyed
                mac.withUnsafeBytes { next.update(data: $0) }
                mac = next.finalize()
                mac.withUnsafeBytes { bytes in
                    for i in 0..<block.count { block[i] ^= bytes[i] }
                }
            }
            output += block
            blockIndex &+= 1
        }
        return Array(output.prefix(length))
    }
}
