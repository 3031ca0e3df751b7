import Crypto
public import HiveProtocols

/// Computes HTTP Digest `Authorization` headers (RFC 7616; RFC 2069 when the challenge has
/// no `qop`) with MD5, SHA-256 and their `-sess` variants.
///
/// The authenticator is pure: the caller supplies the nonce count and client nonce, so the
/// RFC's example vectors can be reproduced. `LiveHTTPTransport` drives it, keeping the last
/// challenge per miner in a `DigestChallengeCache` to count nonce uses.
public struct DigestAuthenticator: Sendable {
    /// The user name and password.
    public var credentials: Credentials

    /// Creates an authenticator for these credentials.
    public init(credentials: Credentials) {
        self.credentials = credentials
    }

    /// The `Authorization` header value answering `challenge` for one request.
    ///
    /// - Parameters:
    ///   - challenge: The server's challenge.
    ///   - method: The request method, e.g. "POST".
    ///   - uri: The request target exactly as sent (path and query).
    ///   - body: The request body (hashed only for `auth-int`).
    ///   - nonceCount: How many times this nonce has been used, this use included (1 first).
    ///   - cnonce: The client nonce (see `makeClientNonce()`); unused for RFC 2069 challenges.
    public func authorization(
        for challenge: DigestChallenge, method: String, uri: String, body: [UInt8]? = nil, nonceCount: Int,
        cnonce: String
    ) -> String {
        let qop = challenge.selectedQOP
        let nc = Self.formatNonceCount(nonceCount)
        let hash = challenge.algorithm.isSHA256 ? Self.sha256Hex : Self.md5Hex
        let password = credentials.password.value

        var ha1 = hash(Array("\(credentials.username):\(challenge.realm):\(password)".utf8))
        if challenge.algorithm.isSession {
            ha1 = hash(Array("\(ha1):\(challenge.nonce):\(cnonce)".utf8))
        }
        var a2 = "\(method):\(uri)"
        if qop == .authInt {
            a2 += ":" + hash(body ?? [])
        }
        let ha2 = hash(Array(a2.utf8))
        let response: String
        if let qop {
            response = hash(Array("\(ha1):\(challenge.nonce):\(nc):\(cnonce):\(qop.rawValue):\(ha2)".utf8))
        } else {
            response = hash(Array("\(ha1):\(challenge.nonce):\(ha2)".utf8))
        }

        let username =
            challenge.userhash ? hash(Array("\(credentials.username):\(challenge.realm)".utf8)) : credentials.username
        var fields = [
            "username=\(Self.quoted(username))",
            "realm=\(Self.quoted(challenge.realm))",
            "uri=\(Self.quoted(uri))",
        ]
        if challenge.algorithmWasStated {
            fields.append("algorithm=\(challenge.algorithm.rawValue)")
        }
        fields.append("nonce=\(Self.quoted(challenge.nonce))")
        if let qop {
            fields.append("nc=\(nc)")
            fields.append("cnonce=\(Self.quoted(cnonce))")
            fields.append("qop=\(qop.rawValue)")
        }
        fields.append("response=\(Self.quoted(response))")
        if let opaque = challenge.opaque {
            fields.append("opaque=\(Self.quoted(opaque))")
        }
        if challenge.userhash {
            fields.append("userhash=true")
        }
        return "Digest " + fields.joined(separator: ", ")
    }

    /// A fresh client nonce: 16 random bytes from the system's secure generator, as hex.
    public static func makeClientNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return hex(bytes)
    }

    /// `nc` as eight lower-case hex digits.
    static func formatNonceCount(_ count: Int) -> String {
        let digits = String(UInt32(truncatingIfNeeded: count), radix: 16)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    static func md5Hex(_ bytes: [UInt8]) -> String {
        hex(Insecure.MD5.hash(data: bytes))
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func quoted(_ value: String) -> String {
        var out = "\""
        for character in value {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }
}
