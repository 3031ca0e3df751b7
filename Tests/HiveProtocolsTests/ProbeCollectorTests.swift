import HiveProtocols
import HiveTesting
import Testing

/// The probe collector asks a port in one protocol: HTTP probes on a CGMiner port go second,
/// and only when no CGMiner probe there was answered.
@Suite struct ProbeCollectorTests {
    static let summary = HTTPRequest.get("/summary", port: 4028)
    static let probes: [ProbeRequest] = [.webRoot, .cgminerVersion, .cgminerDevdetails, .http(summary)]
    static let versionReply = Array(#"{"STATUS":[{"STATUS":"S"}],"VERSION":[{"CGMiner":"4.11.1"}],"id":1}"#.utf8)

    static func web() -> Exchange {
        Exchange(name: "web", key: .http(method: "GET", path: "/", port: 80), body: Array("<html></html>".utf8))
    }

    @Test func aCGMinerPortIsNotSentHTTP() async throws {
        let version = Exchange(
            name: "version", key: .cgminer(command: "version", parameter: nil, port: 4028), body: Self.versionReply)
        let replay = ReplayTransport(exchanges: [Self.web(), version])
        let answers = await ProbeCollector.collect(Self.probes, host: "192.0.2.1", http: replay, cgminer: replay)
        #expect(!replay.sent.contains { $0.key == Exchange.Key(Self.summary) })
        #expect(answers.answers[.http(Self.summary)] == nil)
        #expect(answers.version != nil)
        #expect(answers.openPorts == [80, 4028])
    }

    @Test func anHTTPPortIsAskedOnceTheCGMinerProbesFailed() async throws {
        let summary = Exchange(
            name: "summary", key: .http(method: "GET", path: "/summary", port: 4028), body: Array("{}".utf8))
        let replay = ReplayTransport(exchanges: [Self.web(), summary])
        let answers = await ProbeCollector.collect(Self.probes, host: "192.0.2.2", http: replay, cgminer: replay)
        let sent = replay.sent.map(\.key)
        let summaryIndex = try #require(sent.firstIndex(of: Exchange.Key(Self.summary)))
        let cgminerIndices = sent.indices.filter { if case .cgminer = sent[$0] { true } else { false } }
        #expect(cgminerIndices.count == 2)
        #expect(cgminerIndices.allSatisfy { $0 < summaryIndex }, "HTTP on 4028 must follow the CGMiner probes: \(sent)")
        guard case .http(let response) = answers.answers[.http(Self.summary)] else {
            Issue.record("no summary answer: \(answers.answers)")
            return
        }
        #expect(response.status == 200)
    }

    @Test func httpProbesOnOtherPortsGoFirst() async throws {
        let replay = ReplayTransport(exchanges: [Self.web()])
        _ = await ProbeCollector.collect(Self.probes, host: "192.0.2.3", http: replay, cgminer: replay)
        let sent = replay.sent.map(\.key)
        #expect(sent.firstIndex(of: .http(method: "GET", path: "/", port: 80)) ?? 99 < 3)
        #expect(sent.last == Exchange.Key(Self.summary))
        #expect(sent.count == 4)
    }

    @Test func closedPortsAreNotAsked() async throws {
        let replay = ReplayTransport(exchanges: [Self.web()])
        let answers = await ProbeCollector.collect(
            Self.probes, host: "192.0.2.4", openPorts: [80], http: replay, cgminer: replay)
        #expect(replay.sent.map(\.key) == [.http(method: "GET", path: "/", port: 80)])
        #expect(answers.answers.count == 1)
    }
}
