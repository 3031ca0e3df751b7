import Crypto
import Foundation
import HiveProtocols

/// Checks the authentication a recorded exchange expects, for ``FixtureServer``.
///
/// - `digest`: a request without an `Authorization: Digest …` header gets the case's recorded
///   401 challenge (the first recorded 401 whose `WWW-Authenticate` offers Digest; a synthetic
///   one, realm `PowerHive fixture server`, when the case recorded none). The answer must name
///   that realm, nonce and the request's URI and, when the case has credentials, verify
///   against them (RFC 7616, MD5 or SHA-256, with or without `qop=auth`); without credentials
///   any well-formed answer is accepted.
/// - `bearer`: `Authorization: Bearer <token>`, where the token must be one the case's
///   recordings issued (a `token` in a recorded reply) when there are any.
/// - `api-key`: a non-empty `Authorization` header without a known scheme, or a header whose
///   name contains `api-key`, `apikey` or `token`.
/// - `basic`: `Authorization: Basic …`, checked against the case's credentials when known.
///
/// A request lacking what a bearer, API-key or basic exchange expects is refused with 401
/// and counted as a problem (a driver should never send it); a digest request without an
/// answer is the normal first leg of the handshake and is not.
struct FixtureAuthenticator: Sendable {
    /// What to do with a request.
    enum Verdict {
        /// Serve the recording.
        case accepted
        /// Answer this instead, and note `problem` if there is one.
        case refused(HTTPResponse, problem: String?)
    }

    /// The case's credentials, if its manifest has them.
    let credentials: Credentials?
    /// The challenge's realm.
    let realm: String
    /// The challenge's nonce.
    let nonce: String
    /// The `WWW-Authenticate` header sent with a challenge.
    let challenge: HTTPHeader
    /// Bearer tokens the case's recordings issued.
    let tokens: Set<String>

    /// The realm of a challenge made up when the case recorded none.
    static let syntheticRealm = "PowerHive fixture server"

    init(fixture: FixtureCase, command: FixtureCase.Command?, nonce syntheticNonce: String) {
        let exchanges = fixture.exchanges + (command?.exchanges ?? [])
        credentials = fixture.credentials
        let recorded = exchanges.lazy.filter { $0.status == 401 }
            .compactMap { $0.headers.first { Self.isDigestChallenge($0) } }.first
        if let recorded {
            let fields = DigestGuard.parameters(String(recorded.value.drop { $0 != " " }))
            realm = fields["realm"] ?? ""
            nonce = fields["nonce"] ?? ""
            challenge = recorded
        } else {
            realm = Self.syntheticRealm
            nonce = syntheticNonce
            challenge = HTTPHeader(
                "WWW-Authenticate", "Digest realm=\"\(Self.syntheticRealm)\", nonce=\"\(syntheticNonce)\", qop=\"auth\""
            )
        }
        tokens = Set(
            exchanges.compactMap { exchange in
                (try? TolerantJSONReader.parse(exchange.body))?["token"]?.string
            })
    }

    /// The auth kind a request used, named as `ReplayTransport` names them.
    static func kind(of request: SimulatedHTTPRequest) -> String {
        let scheme = request.header("Authorization")?.split(separator: " ").first?.lowercased()
        switch scheme {
        case "digest": return "digest"
        case "basic": return "basic"
        case "bearer": return "bearer"
        default: return apiKey(in: request) == nil ? "none" : "api-key"
        }
    }

    /// Whether `request` may have the recording that expects `expected` auth.
    func check(_ request: SimulatedHTTPRequest, expected: String?) -> Verdict {
        let summary = "\(request.method) \(request.target)"
        let authorization = request.header("Authorization") ?? ""
        switch expected {
        case "digest":
            guard Self.kind(of: request) == "digest" else { return .refused(challengeResponse(), problem: nil) }
            guard verifyDigest(authorization, request: request) else {
                return .refused(challengeResponse(), problem: "\(summary): digest answer did not verify")
            }
        case "bearer":
            let token = Self.kind(of: request) == "bearer" ? String(authorization.dropFirst(7)) : ""
            if token.isEmpty { return .refused(unauthorized(), problem: "\(summary): no bearer token sent") }
            if !tokens.isEmpty && !tokens.contains(token) {
                return .refused(unauthorized(), problem: "\(summary): bearer token was not one the case issued")
            }
        case "api-key":
            if Self.apiKey(in: request)?.isEmpty ?? true {
                return .refused(unauthorized(), problem: "\(summary): no API key header sent")
            }
        case "basic":
            guard Self.kind(of: request) == "basic" else {
                return .refused(unauthorized(), problem: "\(summary): no basic credentials sent")
            }
            if let credentials, String(authorization.dropFirst(6)) != Self.basicToken(credentials) {
                return .refused(unauthorized(), problem: "\(summary): basic credentials did not match the case's")
            }
        default: break
        }
        return .accepted
    }

    private func challengeResponse() -> HTTPResponse {
        HTTPResponse(
            status: 401, headers: [challenge, HTTPHeader("Content-Type", "text/html")],
            body: Array("<html><body><h1>401 Unauthorized</h1></body></html>".utf8))
    }

    private func unauthorized() -> HTTPResponse {
        HTTPResponse(
            status: 401, headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(#"{"err":"unauthorized"}"#.utf8))
    }

    /// Whether a digest answer names this challenge and the request, and (with credentials)
    /// carries the right response.
    private func verifyDigest(_ authorization: String, request: SimulatedHTTPRequest) -> Bool {
        let fields = DigestGuard.parameters(String(authorization.dropFirst(7)))
        guard let username = fields["username"], fields["realm"] == realm, fields["nonce"] == nonce,
            let uri = fields["uri"], uri == request.target || uri == request.path,
            let response = fields["response"]?.lowercased(), !response.isEmpty
        else { return false }
        guard let credentials else { return true }
        let hash: (String) -> String
        switch fields["algorithm"]?.uppercased() ?? "MD5" {
        case "MD5": hash = DigestGuard.md5
        case "SHA-256": hash = Self.sha256
        default: return false
        }
        guard username == credentials.username else { return false }
        let ha1 = hash("\(username):\(realm):\(credentials.password.value)")
        let ha2 = hash("\(request.method):\(uri)")
        guard let qop = fields["qop"] else { return hash("\(ha1):\(nonce):\(ha2)") == response }
        guard qop == "auth", let nc = fields["nc"], let cnonce = fields["cnonce"] else { return false }
        return hash("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)") == response
    }

    private static func isDigestChallenge(_ header: HTTPHeader) -> Bool {
        header.name.lowercased() == "www-authenticate" && header.value.lowercased().hasPrefix("digest ")
    }

    /// The value of the header an API key travels in: `Authorization` without a Basic, Bearer
    /// or Digest scheme (a raw token), or a header named like `x-api-key`, `apikey`, `token`.
    private static func apiKey(in request: SimulatedHTTPRequest) -> String? {
        if let authorization = request.header("Authorization"),
            !["digest", "basic", "bearer"].contains(authorization.split(separator: " ").first?.lowercased() ?? "")
        {
            return authorization
        }
        return request.headers.first { header in
            let name = header.name.lowercased()
            return name.contains("api-key") || name.contains("apikey") || name.contains("token")
        }?.value
    }

    private static func basicToken(_ credentials: Credentials) -> String {
        Data("\(credentials.username):\(credentials.password.value)".utf8).base64EncodedString()
    }

    private static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
