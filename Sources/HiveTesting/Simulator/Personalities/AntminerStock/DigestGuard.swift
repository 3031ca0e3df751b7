import Crypto
import HiveProtocols
import NIOConcurrencyHelpers

/// HTTP Digest authentication as the stock firmware's lighttpd does it (RFC 7616 with MD5,
/// `qop="auth"`; the RFC 2069 form without `qop` is accepted too).
///
/// Nonces are stateless: a counter and a keyed hash of it, so any nonce this miner issued
/// verifies (no table to grow or expire) and a forged one does not.
final class DigestGuard: Sendable {
    /// The stock realm.
    static let realm = "antMiner Configuration"

    private let secret: UInt64
    private let issued = NIOLockedValueBox<UInt64>(0)

    init(secret: UInt64) {
        self.secret = secret
    }

    /// A fresh `WWW-Authenticate` challenge.
    func challenge() -> HTTPHeader {
        let counter = issued.withLockedValue { value -> UInt64 in
            value += 1
            return value
        }
        return HTTPHeader(
            "WWW-Authenticate", "Digest realm=\"\(Self.realm)\", nonce=\"\(nonce(counter))\", qop=\"auth\"")
    }

    /// Whether `request` carries a valid digest answer for `credentials`.
    func verify(_ request: SimulatedHTTPRequest, credentials: Credentials) -> Bool {
        guard let header = request.header("Authorization"), header.lowercased().hasPrefix("digest ") else {
            return false
        }
        let fields = Self.parameters(String(header.dropFirst(7)))
        guard let username = fields["username"], username == credentials.username,
            fields["realm"] == Self.realm, let nonce = fields["nonce"], isIssued(nonce),
            let uri = fields["uri"], uri == request.target || uri == request.path,
            let response = fields["response"]?.lowercased()
        else { return false }
        if let algorithm = fields["algorithm"], algorithm.uppercased() != "MD5" { return false }
        let ha1 = Self.md5("\(username):\(Self.realm):\(credentials.password.value)")
        let ha2 = Self.md5("\(request.method):\(uri)")
        let expected: String
        if let qop = fields["qop"] {
            guard qop == "auth", let nc = fields["nc"], let cnonce = fields["cnonce"] else { return false }
            expected = Self.md5("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)")
        } else {
            expected = Self.md5("\(ha1):\(nonce):\(ha2)")
        }
        return expected == response
    }

    private func nonce(_ counter: UInt64) -> String {
        let counterHex = String(counter, radix: 16)
        return String(repeating: "0", count: 16 - counterHex.count) + counterHex + SeededNoise.hex(16, secret, counter)
    }

    private func isIssued(_ nonce: String) -> Bool {
        guard nonce.count == 32, let counter = UInt64(nonce.prefix(16), radix: 16) else { return false }
        return counter <= issued.withLockedValue { $0 } && self.nonce(counter) == nonce
    }

    /// `name=value, name="quoted, value"` pairs (names lower-cased).
    static func parameters(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        var characters = text[...]
        while !characters.isEmpty {
            characters = characters.drop { $0 == " " || $0 == "," || $0 == "\t" }
            guard let equals = characters.firstIndex(of: "=") else { break }
            let name = characters[..<equals].trimmingSpaces.lowercased()
            characters = characters[characters.index(after: equals)...].drop { $0 == " " }
            var value = ""
            if characters.first == "\"" {
                characters = characters.dropFirst()
                var escaped = false
                while let character = characters.first {
                    characters = characters.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = characters.firstIndex(of: ",") ?? characters.endIndex
                value = characters[..<end].trimmingSpaces
                characters = characters[end...]
            }
            fields[name] = value
        }
        return fields
    }

    /// Lower-case hex MD5 of the UTF-8 text.
    static func md5(_ text: String) -> String {
        Insecure.MD5.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
