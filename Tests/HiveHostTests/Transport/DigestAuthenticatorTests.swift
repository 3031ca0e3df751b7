import Crypto
import HiveHost
import HiveProtocols
import Testing

@Suite("DigestAuthenticator")
struct DigestAuthenticatorTests {
    // RFC 7616 §3.9.1.
    static let rfcCredentials = Credentials(username: "Mufasa", password: "Circle of Life")
    static let rfcNonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
    static let rfcOpaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
    static let rfcCnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"

    static func rfcHeader(algorithm: String) -> String {
        """
        Digest
            realm="http-auth@example.org",
            qop="auth, auth-int",
            algorithm=\(algorithm),
            nonce="\(rfcNonce)",
            opaque="\(rfcOpaque)"
        """
    }

    @Test(
        "RFC 7616 §3.9.1 example responses",
        arguments: [
            ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
            ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
        ])
    func rfc7616Example(algorithm: String, expected: String) throws {
        let challenge = try #require(try DigestChallenge.parse(Self.rfcHeader(algorithm: algorithm)))
        #expect(challenge.realm == "http-auth@example.org")
        #expect(challenge.nonce == Self.rfcNonce)
        #expect(challenge.opaque == Self.rfcOpaque)
        #expect(challenge.qopOptions == ["auth", "auth-int"])
        #expect(challenge.selectedQOP == .auth)
        #expect(challenge.algorithm.rawValue == algorithm)

        let header = DigestAuthenticator(credentials: Self.rfcCredentials).authorization(
            for: challenge, method: "GET", uri: "/dir/index.html", nonceCount: 1, cnonce: Self.rfcCnonce)
        let fields = DigestVerifier.parameters(String(header.dropFirst("Digest ".count)))
        #expect(header.hasPrefix("Digest "))
        #expect(fields["response"] == expected)
        #expect(fields["username"] == "Mufasa")
        #expect(fields["realm"] == "http-auth@example.org")
        #expect(fields["uri"] == "/dir/index.html")
        #expect(fields["algorithm"] == algorithm)
        #expect(fields["nonce"] == Self.rfcNonce)
        #expect(fields["nc"] == "00000001")
        #expect(fields["cnonce"] == Self.rfcCnonce)
        #expect(fields["qop"] == "auth")
        #expect(fields["opaque"] == Self.rfcOpaque)
        #expect(header.contains("nc=00000001, "))  // nc and qop go unquoted
        #expect(header.contains("qop=auth, "))
    }

    @Test("RFC 2617 §3.5 example (MD5 without an algorithm parameter)")
    func rfc2617Example() throws {
        let header = """
            Digest realm="testrealm@host.com", qop="auth,auth-int", \
            nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """
        let challenge = try #require(try DigestChallenge.parse(header))
        #expect(challenge.algorithm == .md5)
        #expect(!challenge.algorithmWasStated)
        let authorization = DigestAuthenticator(
            credentials: Credentials(username: "Mufasa", password: "Circle Of Life")
        )
        .authorization(for: challenge, method: "GET", uri: "/dir/index.html", nonceCount: 1, cnonce: "0a4f113b")
        let fields = DigestVerifier.parameters(String(authorization.dropFirst("Digest ".count)))
        #expect(fields["response"] == "6629fae49393a05397450978507c4ef1")
        #expect(fields["algorithm"] == nil)
    }

    @Test("RFC 2069 challenge without qop")
    func rfc2069() throws {
        let challenge = try #require(try DigestChallenge.parse(#"Digest realm="r", nonce="n1""#))
        #expect(challenge.qopOptions.isEmpty)
        #expect(challenge.selectedQOP == nil)
        let header = DigestAuthenticator(credentials: Credentials(username: "u", password: "p"))
            .authorization(for: challenge, method: "POST", uri: "/x", nonceCount: 5, cnonce: "c")
        let fields = DigestVerifier.parameters(String(header.dropFirst("Digest ".count)))
        let ha1 = md5("u:r:p")
        let ha2 = md5("POST:/x")
        #expect(fields["response"] == md5("\(ha1):n1:\(ha2)"))
        #expect(fields["nc"] == nil)
        #expect(fields["cnonce"] == nil)
        #expect(fields["qop"] == nil)
    }

    @Test("session variant and auth-int")
    func sessionAndAuthInt() throws {
        let challenge = try #require(
            try DigestChallenge.parse(#"Digest realm="r", nonce="n", qop="auth-int", algorithm=MD5-sess"#))
        #expect(challenge.selectedQOP == .authInt)
        let body = Array("{\"a\":1}".utf8)
        let header = DigestAuthenticator(credentials: Credentials(username: "u", password: "p"))
            .authorization(for: challenge, method: "POST", uri: "/x", body: body, nonceCount: 2, cnonce: "c")
        let fields = DigestVerifier.parameters(String(header.dropFirst("Digest ".count)))
        let ha1 = md5("\(md5("u:r:p")):n:c")
        let ha2 = md5("POST:/x:\(md5(String(decoding: body, as: UTF8.self)))")
        #expect(fields["response"] == md5("\(ha1):n:00000002:c:auth-int:\(ha2)"))
        #expect(fields["qop"] == "auth-int")
        #expect(fields["algorithm"] == "MD5-sess")
    }

    @Test("parameters: quoted and unquoted, commas and escapes inside quotes, case")
    func parsing() throws {
        let challenge = try #require(
            try DigestChallenge.parse(
                #"DIGEST Realm="a, b \"c\"", NONCE=abc/def==, qop=auth, Algorithm=sha-256, stale=TRUE, opaque="""#))
        #expect(challenge.realm == #"a, b "c""#)
        #expect(challenge.nonce == "abc/def==")
        #expect(challenge.algorithm == .sha256)
        #expect(challenge.stale)
        #expect(challenge.opaque == "")
    }

    @Test("several challenges: Basic ignored, SHA-256 preferred over MD5")
    func severalChallenges() throws {
        let values = [
            #"Basic realm="x", Digest realm="r", nonce="m", algorithm=MD5, qop="auth""#,
            #"Negotiate abc==, Digest realm="r", nonce="s", algorithm=SHA-256, qop="auth""#,
        ]
        let challenge = try #require(try DigestChallenge.best(in: values))
        #expect(challenge.algorithm == .sha256)
        #expect(challenge.nonce == "s")
        #expect(try DigestChallenge.best(in: [#"Basic realm="x""#]) == nil)
        #expect(try DigestChallenge.best(in: []) == nil)
    }

    @Test(
        "malformed challenges fail authentication",
        arguments: [
            #"Digest realm="r""#,
            #"Digest nonce="n""#,
            #"Digest realm="r", nonce="n", algorithm=SHA-512-256"#,
            #"Digest realm="r", nonce="n", qop="auth-conf""#,
            "Digest",
        ])
    func malformed(header: String) {
        #expect {
            _ = try DigestChallenge.parse(header)
        } throws: { error in
            (error as? DriverError)?.kind == .authenticationFailed
        }
    }

    @Test("client nonces are 16 random bytes in hex")
    func clientNonce() {
        let first = DigestAuthenticator.makeClientNonce()
        let second = DigestAuthenticator.makeClientNonce()
        #expect(first.count == 32)
        #expect(first.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(first != second)
    }

    @Test("the header never shows the password")
    func noPasswordInHeader() throws {
        let challenge = try #require(try DigestChallenge.parse(#"Digest realm="r", nonce="n", qop=auth"#))
        let header = DigestAuthenticator(credentials: Credentials(username: "u", password: "hunter2"))
            .authorization(for: challenge, method: "GET", uri: "/", nonceCount: 1, cnonce: "c")
        #expect(!header.contains("hunter2"))
    }

    @Test("the cache counts nonce uses and forgets refused credentials")
    func cache() {
        let cache = DigestChallengeCache()
        #expect(cache.nextUse(authority: "h:80", username: "u") == nil)
        let challenge = DigestChallenge(realm: "r", nonce: "n")
        #expect(cache.store(challenge, authority: "h:80", username: "u") == 1)
        #expect(cache.nextUse(authority: "h:80", username: "u")?.nonceCount == 2)
        #expect(cache.nextUse(authority: "h:80", username: "u")?.nonceCount == 3)
        #expect(cache.nextUse(authority: "h:81", username: "u") == nil)
        #expect(cache.nextUse(authority: "h:80", username: "v") == nil)
        cache.remove(authority: "h:80", username: "u")
        #expect(cache.nextUse(authority: "h:80", username: "u") == nil)
    }

    private func md5(_ text: String) -> String {
        Insecure.MD5.hash(data: Array(text.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
