import HiveHost
import HiveProtocols
import Testing

@Suite("LiveHTTPTransport over loopback")
struct LiveHTTPTransportTests {
    typealias Harness = TransportTestHarness

    private func configuration(
        deadline: Duration = .seconds(30), cap: Int = 8 * 1024 * 1024
    )
        -> LiveTransportFactory.Configuration
    {
        .init(http: .init(deadline: deadline, maximumBodySize: cap))
    }

    /// Echoes the request's auth-related headers in the body.
    private static let echoAuth: @Sendable (TestHTTPRequest) -> TestHTTPResponse? = { request in
        let seen = ["Authorization", "x-api-key"].map { "\($0)=\(request.header($0) ?? "-")" }.joined(separator: ";")
        return TestHTTPResponse(status: 200, headers: [("X-Test", "yes")], body: Array(seen.utf8))
    }

    @Test(
        "static authentication headers",
        arguments: [
            (HTTPAuth.none, "Authorization=-;x-api-key=-"),
            (.basic(Credentials(username: "user", password: "pass")), "Authorization=Basic dXNlcjpwYXNz;x-api-key=-"),
            (.bearer(Secret("tok3n")), "Authorization=Bearer tok3n;x-api-key=-"),
            (.apiKey(header: "x-api-key", key: Secret("k3y")), "Authorization=-;x-api-key=k3y"),
        ])
    func staticAuth(auth: HTTPAuth, expected: String) async throws {
        let host = "127.61.2.10"
        try await Harness.withHTTPServer(host: host, respond: Self.echoAuth) { server, _ in
            try await Harness.withFactory { factory in
                let response = try await factory.transports(for: host).http.send(
                    .get("/api/v1/info", port: server.port, auth: auth))
                #expect(response.status == 200)
                #expect(response.header("x-test") == "yes")
                #expect(response.text == expected)
            }
        }
    }

    @Test("a hung miner times out within the deadline")
    func hung() async throws {
        let host = "127.61.2.11"
        let deadline = Duration.milliseconds(300)
        try await Harness.withHTTPServer(host: host, respond: { _ in nil }) { server, _ in
            try await Harness.withFactory(configuration: configuration(deadline: deadline)) { factory in
                let (error, elapsed) = await Harness.expectDriverError(.timedOut) {
                    _ = try await factory.transports(for: host).http.send(.get("/summary", port: server.port))
                }
                print("HTTP hung-miner timeout: deadline \(deadline), failed after \(elapsed)")
                #expect(elapsed >= deadline)
                // Generous: this proves the deadline fires (not a benchmark); the figure is printed.
                #expect(elapsed < deadline + .seconds(10))
                #expect(error?.request == "GET /summary (port \(server.port))")
            }
        }
    }

    @Test("a refused port is unreachable")
    func refused() async throws {
        let host = "127.61.2.12"
        let port = try await LoopbackServer.refusedPort(host: host)
        try await Harness.withFactory { factory in
            let (error, elapsed) = await Harness.expectDriverError(.unreachable) {
                _ = try await factory.transports(for: host).http.send(.get("/", port: port))
            }
            #expect(error?.endpoint == host)
            #expect(elapsed < .seconds(30))  // refused at once, not after the 30 s deadline
        }
    }

    @Test("bodies over the cap are refused")
    func oversized() async throws {
        let host = "127.61.2.13"
        try await Harness.withHTTPServer(
            host: host, respond: { _ in TestHTTPResponse(status: 200, body: Array(repeating: 65, count: 4096)) }
        ) { server, _ in
            try await Harness.withFactory(configuration: configuration(cap: 1024)) { factory in
                await Harness.expectDriverError(.unexpectedResponse) {
                    _ = try await factory.transports(for: host).http.send(.get("/", port: server.port))
                }
            }
        }
    }

    @Test("redirects are returned, not followed")
    func redirect() async throws {
        let host = "127.61.2.14"
        try await Harness.withHTTPServer(
            host: host, respond: { _ in TestHTTPResponse(status: 302, headers: [("Location", "/login")]) }
        ) { server, recorder in
            try await Harness.withFactory { factory in
                let response = try await factory.transports(for: host).http.send(.get("/", port: server.port))
                #expect(response.status == 302)
                #expect(response.header("location") == "/login")
                #expect(recorder.requests.count == 1)
            }
        }
    }

    @Test("a POST body arrives intact")
    func postBody() async throws {
        let host = "127.61.2.15"
        try await Harness.withHTTPServer(
            host: host, respond: { TestHTTPResponse(status: 200, body: $0.body) }
        ) { server, _ in
            try await Harness.withFactory { factory in
                let request = HTTPRequest.json("POST", "/api/v1/settings", body: ["preset": "3000"], port: server.port)
                let response = try await factory.transports(for: host).http.send(request)
                #expect(response.body == request.body)
            }
        }
    }

    @Test("errors never carry the secrets of the request")
    func noSecretsInErrors() async throws {
        let host = "127.61.2.16"
        try await Harness.withHTTPServer(host: host, respond: { _ in nil }) { server, _ in
            try await Harness.withFactory(configuration: configuration(deadline: .milliseconds(100))) { factory in
                let transport = factory.transports(for: host).http
                let (timedOut, _) = await Harness.expectDriverError(.timedOut) {
                    _ = try await transport.send(.get("/", port: server.port, auth: .bearer(Secret("T0KEN-123"))))
                }
                #expect(timedOut.map { !"\($0)".contains("T0KEN-123") } == true)
                // A value AsyncHTTPClient refuses to send (it would list it in its error).
                let bad = HTTPRequest.get(
                    "/", port: server.port, auth: .apiKey(header: "x-api-key", key: Secret("K3Y\r\nX: y")))
                do {
                    _ = try await transport.send(bad)
                    Issue.record("an invalid header value was sent")
                } catch {
                    #expect(!"\(error)".contains("K3Y"))
                }
            }
        }
    }
}
