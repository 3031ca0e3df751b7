import HiveProtocols

/// A server's `WWW-Authenticate: Digest …` challenge (RFC 7616 §3.3, and the older RFC 2069
/// form without `qop`).
public struct DigestChallenge: Sendable, Hashable {
    /// The hash algorithm the challenge asks for.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        /// MD5 (the RFC 2617 default, what stock Antminer firmware uses).
        case md5 = "MD5"
        /// MD5 with the session variant of A1.
        case md5Session = "MD5-sess"
        /// SHA-256.
        case sha256 = "SHA-256"
        /// SHA-256 with the session variant of A1.
        case sha256Session = "SHA-256-sess"

        /// Whether A1 includes the nonce and cnonce (`-sess`).
        var isSession: Bool { self == .md5Session || self == .sha256Session }
        /// Whether the underlying hash is SHA-256.
        var isSHA256: Bool { self == .sha256 || self == .sha256Session }
    }

    /// The quality of protection a response is computed with.
    public enum QualityOfProtection: String, Sendable, Hashable {
        /// Authentication only.
        case auth
        /// Authentication with integrity protection of the body.
        case authInt = "auth-int"
    }

    /// The protection space.
    public var realm: String
    /// The server's nonce.
    public var nonce: String
    /// Opaque data to return unchanged.
    public var opaque: String?
    /// The algorithm.
    public var algorithm: Algorithm
    /// Whether the server named the algorithm (if not, the response does not repeat it).
    public var algorithmWasStated: Bool
    /// The protection qualities the server offers; empty for an RFC 2069 challenge.
    public var qopOptions: [String]
    /// Whether the server rejected the previous nonce only because it expired.
    public var stale: Bool
    /// Whether the server wants the user name hashed (`userhash=true`).
    public var userhash: Bool

    /// Creates a challenge.
    public init(
        realm: String, nonce: String, opaque: String? = nil, algorithm: Algorithm = .md5,
        algorithmWasStated: Bool = true, qopOptions: [String] = ["auth"], stale: Bool = false, userhash: Bool = false
    ) {
        self.realm = realm
        self.nonce = nonce
        self.opaque = opaque
        self.algorithm = algorithm
        self.algorithmWasStated = algorithmWasStated
        self.qopOptions = qopOptions
        self.stale = stale
        self.userhash = userhash
    }

    /// The protection this client answers with: `auth` when offered, else `auth-int`, or nil
    /// for an RFC 2069 challenge. Nil also when only unknown qualities are offered; parsing
    /// rejects such challenges.
    public var selectedQOP: QualityOfProtection? {
        if qopOptions.contains("auth") { return .auth }
        if qopOptions.contains("auth-int") { return .authInt }
        return nil
    }

    /// The strongest supported Digest challenge among `WWW-Authenticate` header values
    /// (SHA-256 preferred over MD5), or nil if none of them is a Digest challenge.
    ///
    /// - Throws: `DriverError` of kind `.authenticationFailed` when a Digest challenge is
    ///   offered but none is usable (no realm or nonce, unknown algorithm or qop).
    public static func best(in headerValues: [String]) throws -> DigestChallenge? {
        let digest = AuthenticateHeaderParser.challenges(in: headerValues).filter { $0.scheme == "digest" }
        guard !digest.isEmpty else { return nil }
        var problems: [String] = []
        var usable: [DigestChallenge] = []
        for challenge in digest {
            switch DigestChallenge.make(from: challenge) {
            case .success(let parsed): usable.append(parsed)
            case .failure(let problem): problems.append(problem.message)
            }
        }
        let ranked = usable.sorted { rank($0.algorithm) > rank($1.algorithm) }
        guard let best = ranked.first else {
            throw DriverError(
                .authenticationFailed, "unusable digest challenge: " + problems.joined(separator: "; "))
        }
        return best
    }

    /// Parses one header value holding a Digest challenge.
    ///
    /// - Throws: as `best(in:)`.
    public static func parse(_ headerValue: String) throws -> DigestChallenge? {
        try best(in: [headerValue])
    }

    private struct Problem: Error {
        var message: String
    }

    private static func make(from challenge: AuthenticateHeaderParser.Challenge) -> Result<DigestChallenge, Problem> {
        guard let realm = challenge["realm"] else { return .failure(Problem(message: "no realm")) }
        guard let nonce = challenge["nonce"], !nonce.isEmpty else { return .failure(Problem(message: "no nonce")) }
        var algorithm = Algorithm.md5
        let statedAlgorithm = challenge["algorithm"]
        if let stated = statedAlgorithm {
            guard let known = Algorithm.allCases.first(where: { $0.rawValue.lowercased() == stated.lowercased() })
            else {
                return .failure(Problem(message: "unsupported algorithm \(stated.prefix(24))"))
            }
            algorithm = known
        }
        let qop = (challenge["qop"] ?? "").split(separator: ",").map {
            $0.trimmingSpaces().lowercased()
        }.filter { !$0.isEmpty }
        let parsed = DigestChallenge(
            realm: realm, nonce: nonce, opaque: challenge["opaque"], algorithm: algorithm,
            algorithmWasStated: statedAlgorithm != nil, qopOptions: qop,
            stale: challenge["stale"]?.lowercased() == "true", userhash: challenge["userhash"]?.lowercased() == "true")
        if !qop.isEmpty, parsed.selectedQOP == nil {
            return .failure(Problem(message: "unsupported qop \(qop.joined(separator: ",").prefix(24))"))
        }
        return .success(parsed)
    }

    private static func rank(_ algorithm: Algorithm) -> Int {
        switch algorithm {
        case .sha256, .sha256Session: 2
        case .md5, .md5Session: 1
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
