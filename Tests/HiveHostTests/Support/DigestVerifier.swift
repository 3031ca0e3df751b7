import Crypto
import NIOConcurrencyHelpers

/// The server side of HTTP Digest for tests, written independently of `DigestAuthenticator`:
/// issues nonces, checks `Authorization: Digest` answers (response hash, realm, uri, nc
/// strictly increasing per nonce), and echoes the body of authenticated requests.
final class DigestVerifier: Sendable {
    struct Options: Sendable {
        var algorithm = "MD5"
        /// nil: an RFC 2069 challenge without qop.
        var qop: String? = "auth"
        var realm = "antMiner Configuration"
        var username = "root"
        var password = "root"
        var opaque = "5ccc069c403ebaf9f0171e9517f40e41"
        /// After this many accepted uses a nonce is answered with `stale=true`.
        var staleAfterUses: Int?
    }

    private struct State {
        var issued = 0
        var lastNonceCount: [String: Int] = [:]
        var uses: [String: Int] = [:]
        var challenges = 0
        var staleChallenges = 0
        var accepted = 0
        var acceptedBodies: [[UInt8]] = []
    }

    let options: Options
    private let state = NIOLockedValueBox(State())

    init(_ options: Options = Options()) {
        self.options = options
    }

    /// 401s sent (stale ones included).
    var challenges: Int { state.withLockedValue { $0.challenges } }
    /// 401s sent with `stale=true`.
    var staleChallenges: Int { state.withLockedValue { $0.staleChallenges } }
    /// Requests accepted.
    var accepted: Int { state.withLockedValue { $0.accepted } }
    /// Bodies of the accepted requests, in order.
    var acceptedBodies: [[UInt8]] { state.withLockedValue { $0.acceptedBodies } }

    func respond(to request: TestHTTPRequest) -> TestHTTPResponse {
        guard let header = request.header("Authorization"), header.hasPrefix("Digest ") else {
            return challenge(stale: false)
        }
        let fields = Self.parameters(String(header.dropFirst("Digest ".count)))
        guard fields["username"] == options.username, fields["realm"] == options.realm,
            fields["uri"] == request.target, fields["opaque"] == options.opaque,
            let nonce = fields["nonce"], let response = fields["response"]
        else { return challenge(stale: false) }

        let known = state.withLockedValue { $0.lastNonceCount[nonce] != nil }
        guard known else { return challenge(stale: false) }
        if let limit = options.staleAfterUses, state.withLockedValue({ $0.uses[nonce, default: 0] }) >= limit {
            return challenge(stale: true)
        }

        let ha1 = hash("\(options.username):\(options.realm):\(options.password)")
        let ha2 = hash("\(request.method):\(request.target)")
        let expected: String
        var nonceCount = 0
        if let qop = options.qop {
            guard fields["qop"] == qop, let nc = fields["nc"], let count = Int(nc, radix: 16), nc.count == 8,
                let cnonce = fields["cnonce"], !cnonce.isEmpty
            else { return challenge(stale: false) }
            nonceCount = count
            expected = hash("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)")
        } else {
            guard fields["qop"] == nil, fields["nc"] == nil else { return challenge(stale: false) }
            expected = hash("\(ha1):\(nonce):\(ha2)")
        }
        guard response == expected else { return challenge(stale: false) }

        let fresh = state.withLockedValue { state -> Bool in
            if options.qop != nil {
                guard nonceCount > state.lastNonceCount[nonce, default: 0] else { return false }
                state.lastNonceCount[nonce] = nonceCount
            }
            state.uses[nonce, default: 0] += 1
            state.accepted += 1
            state.acceptedBodies.append(request.body)
            return true
        }
        guard fresh else { return challenge(stale: false) }
        return TestHTTPResponse(
            status: 200, headers: [("Content-Type", "application/octet-stream")], body: request.body)
    }

    private func challenge(stale: Bool) -> TestHTTPResponse {
        let nonce = state.withLockedValue { state -> String in
            state.issued += 1
            state.challenges += 1
            if stale { state.staleChallenges += 1 }
            let nonce = "nonce/\(state.issued)+" + String(state.issued * 7919, radix: 36)
            state.lastNonceCount[nonce] = 0
            return nonce
        }
        var value = "Digest realm=\"\(options.realm)\", nonce=\"\(nonce)\", algorithm=\(options.algorithm)"
        if let qop = options.qop { value += ", qop=\"\(qop),auth-int\"" }
        value += ", opaque=\"\(options.opaque)\""
        if stale { value += ", stale=true" }
        return TestHTTPResponse(status: 401, headers: [("WWW-Authenticate", value)], body: Array("denied".utf8))
    }

    private func hash(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let digest: [UInt8] =
            options.algorithm == "SHA-256" ? Array(SHA256.hash(data: bytes)) : Array(Insecure.MD5.hash(data: bytes))
        return digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// `name=value, name="quoted, value"` into a dictionary.
    static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmedSpaces()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    if character == "\\" { rest = rest.dropFirst() }
                    if let next = rest.first { value.append(next) }
                    rest = rest.dropFirst()
                }
                rest = rest.dropFirst()
            } else {
                value = String(rest.prefix { $0 != "," })
                rest = rest.drop { $0 != "," }
            }
            result[name] = value
        }
        return result
    }
}

extension Substring {
    fileprivate func trimmedSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
