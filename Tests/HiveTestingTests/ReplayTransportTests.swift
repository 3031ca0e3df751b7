import Foundation
import HiveProtocols
import HiveTesting
import Testing

@Suite struct ReplayTransportTests {
    let info = Exchange(
        name: "10-info", key: .http(method: "GET", path: "/info", port: 80), body: Array(#"{"a":1}"#.utf8))
    let info2 = Exchange(
        name: "20-info", key: .http(method: "GET", path: "/info", port: 80), body: Array(#"{"a":2}"#.utf8))

    @Test func unrecordedRequestThrowsAndIsRemembered() async throws {
        let replay = ReplayTransport(exchanges: [info])
        await #expect(throws: DriverError.self) { try await replay.send(HTTPRequest.get("/other")) }
        #expect(replay.problems.count == 1)
        #expect(replay.problems[0].contains("GET /other"))
        #expect(replay.sent.map(\.description) == ["GET /other"])
    }

    @Test func sameKeyServedInOrderLastRepeats() async throws {
        let replay = ReplayTransport(exchanges: [info, info2])
        let bodies = try await [1, 2, 3].asyncMap { _ in try await replay.send(.get("/info")).text }
        #expect(bodies == [#"{"a":1}"#, #"{"a":2}"#, #"{"a":2}"#])
    }

    @Test func overridesReplaceByKey() async throws {
        let override = Exchange(name: "x", key: info.key, body: Array("{}".utf8))
        let replay = ReplayTransport(exchanges: [info, info2], overrides: [override])
        #expect(try await replay.send(.get("/info")).text == "{}")
    }

    @Test func closedPortIsUnreachable() async throws {
        let replay = ReplayTransport(exchanges: [], closedPorts: [4028])
        do {
            _ = try await replay.send(CGMinerRequest(command: "summary"))
            Issue.record("expected a throw")
        } catch let error as DriverError {
            #expect(error.kind == .unreachable)
        }
        #expect(replay.problems.isEmpty)
    }

    @Test func requestBodyMismatchIsAProblem() async throws {
        let write = Exchange(
            name: "w", key: .http(method: "POST", path: "/settings", port: 80), body: [],
            expectedRequestBody: ["preset": "1100"], expectedAuth: "bearer")
        let replay = ReplayTransport(exchanges: [write])
        _ = try await replay.send(.json("POST", "/settings", body: ["preset": "1200"], auth: .bearer(Secret("t"))))
        #expect(replay.problems.count == 1)
        _ = try await replay.send(.json("POST", "/settings", body: ["preset": "1100"], auth: .none))
        #expect(replay.problems.count == 2)
        #expect(replay.problems[1].contains("auth none"))
        _ = try await replay.send(.json("POST", "/settings", body: ["preset": "1100"], auth: .bearer(Secret("t"))))
        #expect(replay.problems.count == 2)
    }

    @Test func jsonComparisonToleranceAndPaths() {
        #expect(JSONComparison.differences(expected: ["a": 1.0, "b": .null], actual: ["a": 1.0000000001]).isEmpty)
        let diffs = JSONComparison.differences(expected: ["a": [1, 2]], actual: ["a": [1, 3]])
        #expect(diffs == ["$.a[1]: expected 2.0, got 3.0"])
    }
}

/// `FixtureServer` over real loopback sockets (ephemeral ports on 127.191.240.x): matching,
/// misses, closed ports, and the recorded authentication.
@Suite struct FixtureServerTests {
    static func load(_ path: String) throws -> FixtureCase {
        try FixtureCase(url: ProbeFixtureTests.fixturesRoot.appendingPathComponent(path))
    }

    @Test func digestChallengeIsReplayedAndTheAnswerVerified() async throws {
        let fixture = try Self.load("antminer-stock/ks5pro-cgi")
        try await FixtureServer.withServer(fixture, address: "127.191.240.1", ports: .ephemeral) { server in
            #expect(server.served.map(\.port) == [80], "4028 is closed in the manifest")
            let http = TestHTTP(host: server.address, port: try #require(server.boundPorts[80]))
            let path = "/cgi-bin/summary.cgi"
            let challenge = try await http.response("GET", path)
            #expect(challenge.status == 401)
            let offered = try #require(challenge.header("WWW-Authenticate"))
            #expect(offered.contains(#"nonce="0000000000000000000000000000synthetic""#), "the recorded challenge")
            let wrong = Digest.authorization(
                challenge: offered, method: "GET", uri: path, username: "root", password: "not-root")
            #expect(try await http.response("GET", path, headers: [("Authorization", wrong)]).status == 401)
            #expect(server.problems.contains { $0.contains("digest answer did not verify") })
            let right = Digest.authorization(
                challenge: offered, method: "GET", uri: path, username: "root", password: "root")
            let answered = try await http.response("GET", path, headers: [("Authorization", right)])
            #expect(answered.status == 200)
            let recorded = try #require(
                fixture.exchanges.first { $0.key == .http(method: "GET", path: path, port: 80) })
            #expect(answered.body == recorded.body)
            #expect(server.misses.isEmpty)
        }
    }

    @Test func unrecordedRequestsAreMissesAndClosedPortsRefuse() async throws {
        let fixture = try Self.load("antminer-stock/ks5pro-cgi")
        try await FixtureServer.withServer(fixture, address: "127.191.240.2") { server in
            let http = TestHTTP(host: server.address, port: 80)
            let missing = try await http.response("GET", "/no/such/page?x=1")
            #expect(missing.status == 404)
            #expect(server.misses == [.http(method: "GET", path: "/no/such/page?x=1", port: 80)])
            let closed = try await TestCGMiner.send("version", host: server.address)
            #expect(closed == .refused)
        }
    }

    @Test func cgminerRepliesAreTheRecordedBytesThenNUL() async throws {
        let fixture = try Self.load("antminer-stock/s9-v1.3.58")
        try await FixtureServer.withServer(fixture, address: "127.191.240.3", ports: .ephemeral) { server in
            let port = try #require(server.boundPorts[4028])
            let recorded = try #require(
                fixture.exchanges.first { $0.key == .cgminer(command: "stats", parameter: nil, port: 4028) })
            let reply = try await TestCGMiner.send("stats", host: server.address, port: port)
            #expect(reply.bytes == recorded.body + [0])
            #expect(String(decoding: recorded.body, as: UTF8.self).contains("}{"), "the quirk is served as recorded")
            let miss = try await TestCGMiner.send("summary", parameter: "1", host: server.address, port: port)
            #expect(String(decoding: miss.bytes ?? [], as: UTF8.self).contains("Invalid command"))
            #expect(server.misses == [.cgminer(command: "summary", parameter: "1", port: 4028)])
        }
    }

    @Test func bearerTokenMustBeOneTheCaseIssued() async throws {
        let fixture = try Self.load("vnish/s19-1.2.6-healthy")
        try await FixtureServer.withServer(fixture, address: "127.191.240.4", ports: .ephemeral) { server in
            let http = TestHTTP(host: server.address, port: try #require(server.boundPorts[80]))
            let unlock = try #require(fixture.exchanges.first { $0.name == "unlock" })
            let token = try #require(try TolerantJSONReader.parse(unlock.body)["token"]?.string)
            let forged = try await http.response(
                "GET", "/api/v1/apikeys", headers: [("Authorization", "Bearer forged")])
            #expect(forged.status == 401)
            #expect(server.problems.contains { $0.contains("bearer token was not one the case issued") })
            let accepted = try await http.response(
                "GET", "/api/v1/apikeys", headers: [("Authorization", "Bearer \(token)")])
            #expect(accepted.status == 200)
            let pinned = try await http.post("/api/v1/unlock", json: #"{"pw":"wrong"}"#)
            #expect(pinned.status == 200)
            #expect(server.problems.contains { $0.contains("recording expects {\"pw\":\"admin\"}") })
        }
    }

    @Test func addressOutsideLoopbackIsRefused() async throws {
        let fixture = try Self.load("vnish/s19-1.2.6-healthy")
        await #expect(throws: FixtureError.self) { try await FixtureServer.start(fixture, address: "10.0.0.1") }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
