import Crypto
import Foundation

/// Random tokens (session cookies, CSRF tokens, API tokens, generated passwords) and their
/// stored form.
enum SecretToken {
    /// Prefix of API tokens, so they are recognisable in configs and secret scanners.
    static let apiPrefix = "phk_"

    /// `bytes` random bytes as unpadded base64url (cookie- and header-safe).
    static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return base64URL(raw)
    }

    /// A new API token: `phk_` and 32 random bytes.
    static func newAPIToken() -> String { apiPrefix + random(bytes: 32) }

    /// A generated password of 20 characters from an unambiguous alphabet.
    static func newPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// SHA-256 of a token, lower-case hex: what is stored for session cookies and API tokens.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Unpadded base64url.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
