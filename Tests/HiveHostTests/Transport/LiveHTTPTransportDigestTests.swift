import HiveHost
import HiveProtocols
import Testing

@Suite("LiveHTTPTransport digest authentication over loopback")
struct LiveHTTPTransportDigestTests {
    typealias Harness = TransportTestHarness
    static let credentials = Credentials(username: "root", password: "root")

    /// Runs `body` against a digest-protected server on `host`.
    private func withDigestServer(
        host: String, _ options: DigestVerifier.Options,
        _ body: (_ transport: any HTTPTransport, _ port: Int, _ verifier: DigestVerifier) async throws -> Void
    ) async throws {
        let verifier = DigestVerifier(options)
        try await Harness.withHTTPServer(host: host, respond: { verifier.respond(to: $0) }) { server, _ in
            try await Harness.withFactory { factory in
                try await body(factory.transports(for: host).http, server.port, verifier)
            }
        }
    }

    @Test("GET answers the challenge, then reuses the nonce with a counted nc", arguments: ["MD5", "SHA-256"])
    func getAndReuse(algorithm: String) async throws {
        let host = algorithm == "MD5" ? "127.61.4.10" : "127.61.4.11"
        try await withDigestServer(host: host, .init(algorithm: algorithm)) { transport, port, verifier in
            for _ in 0..<3 {
                let response = try await transport.send(
                    .get("/cgi-bin/get_system_info.cgi", port: port, auth: .digest(Self.credentials)))
                #expect(response.status == 200)
            }
            #expect(verifier.accepted == 3)
            #expect(verifier.challenges == 1)  // only the first request cost a 401
        }
    }

    @Test("a POST body is re-sent on the authenticated retry", arguments: ["MD5", "SHA-256"])
    func postBody(algorithm: String) async throws {
        let host = algorithm == "MD5" ? "127.61.4.12" : "127.61.4.13"
        try await withDigestServer(host: host, .init(algorithm: algorithm)) { transport, port, verifier in
            let body = Array(#"{"bitmain-work-mode":"1","pools":[{"url":"stratum+tcp://p:3333"}]}"#.utf8)
            let request = HTTPRequest(
                method: "POST", path: "/cgi-bin/set_miner_conf.cgi", port: port,
                headers: [HTTPHeader("Content-Type", "application/json")], body: body, auth: .digest(Self.credentials))
            let response = try await transport.send(request)
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(verifier.acceptedBodies == [body])
            #expect(verifier.challenges == 1)
        }
    }

    @Test("wrong credentials come back as the 401 response")
    func wrongPassword() async throws {
        try await withDigestServer(host: "127.61.4.14", .init()) { transport, port, verifier in
            let wrong = Credentials(username: "root", password: "wrong")
            for round in 1...2 {
                let response = try await transport.send(.get("/cgi-bin/x.cgi", port: port, auth: .digest(wrong)))
                #expect(response.status == 401)
                #expect(verifier.challenges == 2 * round)  // one unauthenticated try, one answered try
            }
            #expect(verifier.accepted == 0)
        }
    }

    @Test("a stale nonce is re-challenged once")
    func staleNonce() async throws {
        try await withDigestServer(host: "127.61.4.15", .init(staleAfterUses: 2)) { transport, port, verifier in
            for _ in 0..<3 {
                let response = try await transport.send(
                    .get("/cgi-bin/x.cgi", port: port, auth: .digest(Self.credentials)))
                #expect(response.status == 200)
            }
            #expect(verifier.accepted == 3)
            #expect(verifier.staleChallenges == 1)
            #expect(verifier.challenges == 2)
        }
    }

    @Test("servers without qop (RFC 2069)")
    func noQOP() async throws {
        try await withDigestServer(host: "127.61.4.16", .init(qop: nil)) { transport, port, verifier in
            let response = try await transport.send(.get("/cgi-bin/x.cgi", port: port, auth: .digest(Self.credentials)))
            #expect(response.status == 200)
            #expect(verifier.accepted == 1)
        }
    }

    @Test("a malformed challenge fails authentication")
    func malformedChallenge() async throws {
        let host = "127.61.4.17"
        let respond: @Sendable (TestHTTPRequest) -> TestHTTPResponse? = { _ in
            TestHTTPResponse(status: 401, headers: [("WWW-Authenticate", #"Digest realm="antMiner Configuration""#)])
        }
        try await Harness.withHTTPServer(host: host, respond: respond) { server, _ in
            try await Harness.withFactory { factory in
                let (error, _) = await Harness.expectDriverError(.authenticationFailed) {
                    _ = try await factory.transports(for: host).http.send(
                        .get(
                            "/cgi-bin/x.cgi", port: server.port,
                            auth: .digest(Credentials(username: "root", password: "s3cret"))))
                }
                #expect(error.map { !String(describing: $0).contains("s3cret") } == true)
            }
        }
    }

    @Test("a 401 without a Digest challenge is returned as is")
    func basicOnly() async throws {
        let host = "127.61.4.18"
        let respond: @Sendable (TestHTTPRequest) -> TestHTTPResponse? = { _ in
            TestHTTPResponse(status: 401, headers: [("WWW-Authenticate", #"Basic realm="x""#)])
        }
        try await Harness.withHTTPServer(host: host, respond: respond) { server, recorder in
            try await Harness.withFactory { factory in
                let response = try await factory.transports(for: host).http.send(
                    .get("/", port: server.port, auth: .digest(Self.credentials)))
                #expect(response.status == 401)
                #expect(recorder.requests.count == 1)
            }
        }
    }
}
