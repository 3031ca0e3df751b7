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

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
