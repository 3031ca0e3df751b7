import HiveHost
import HiveProtocols
import NIOCore
import Testing

@Suite("CGMinerTCPTransport over loopback")
struct CGMinerTCPTransportTests {
    static let summary = Array(
        #"{"STATUS":[{"STATUS":"S","Msg":"Summary"}],"SUMMARY":[{"GHS 5s":"95.1"}],"id":1}"#.utf8)

    enum Reply: String, CaseIterable, Sendable {
        case nul, newline, eof, dripped, drippedEOF

        var steps: [ServerStep] {
            let body = CGMinerTCPTransportTests.summary
            switch self {
            case .nul: return [.write(body + [0])]
            case .newline: return [.write(body + Array("\n".utf8))]
            case .eof: return [.write(body), .close]
            case .dripped: return [.drip(body + [0])]
            case .drippedEOF: return [.drip(body), .close]
            }
        }
    }

    private func transport(_ host: String, deadline: Duration = .seconds(30), cap: Int? = nil) -> CGMinerTCPTransport {
        CGMinerTCPTransport(
            host: host, gate: MinerRequestGate(),
            configuration: .init(
                connectTimeout: .seconds(10), deadline: deadline,
                maximumReplySize: cap ?? CGMinerReplyDecoder.defaultMaximumReplySize))
    }

    @Test("replies framed by NUL, newline, EOF, and dripped byte by byte", arguments: Reply.allCases)
    func framedReplies(reply: Reply) async throws {
        let host = "127.61.1.\(10 + (Reply.allCases.firstIndex(of: reply) ?? 0))"
        try await TransportTestHarness.withCGMinerServer(host: host, steps: { _ in reply.steps }) { server, recorder in
            let request = CGMinerRequest(command: "summary", port: server.port)
            let bytes = try await transport(host).send(request)
            #expect(bytes == Self.summary)
            #expect(recorder.requests == [request.wireBytes])
        }
    }

    @Test("length-prefixed request and reply")
    func lengthPrefixed() async throws {
        let host = "127.61.1.20"
        let answer = Array(#"{"code":0,"msg":{"power":3250}}"#.utf8)
        var framed = withUnsafeBytes(of: UInt32(answer.count).littleEndian, Array.init)
        framed += answer
        let reply = framed
        try await TransportTestHarness.withCGMinerServer(
            host: host, lengthPrefixed: true, steps: { _ in [.drip(reply)] }
        ) {
            server, recorder in
            let payload = Array(#"{"cmd":"get.miner.status","param":"summary"}"#.utf8)
            let request = CGMinerRequest(
                command: "get.miner.status", port: server.port, framing: .lengthPrefixed, payload: payload)
            let reply = try await transport(host).send(request)
            #expect(reply == answer)
            #expect(recorder.requests == [payload])
        }
    }

    @Test("a hung miner times out within the deadline")
    func hung() async throws {
        let host = "127.61.1.30"
        let deadline = Duration.milliseconds(300)
        try await TransportTestHarness.withCGMinerServer(host: host, steps: { _ in [] }) { server, _ in
            let (error, elapsed) = await TransportTestHarness.expectDriverError(.timedOut) {
                _ = try await transport(host, deadline: deadline).send(
                    CGMinerRequest(command: "summary", port: server.port))
            }
            print("CGMiner hung-miner timeout: deadline \(deadline), failed after \(elapsed)")
            #expect(elapsed >= deadline)
            // Generous: this proves the deadline fires (not a benchmark); the figure is printed.
            #expect(elapsed < deadline + .seconds(10))
            #expect(error?.isTransient == true)
        }
    }

    @Test("a refused port is unreachable")
    func refused() async throws {
        let host = "127.61.1.31"
        let port = try await LoopbackServer.refusedPort(host: host)
        let (error, _) = await TransportTestHarness.expectDriverError(.unreachable) {
            _ = try await transport(host).send(CGMinerRequest(command: "summary", port: port))
        }
        #expect(error?.endpoint == host)
    }

    @Test("closing without a reply is empty only when allowed")
    func emptyReply() async throws {
        let host = "127.61.1.32"
        try await TransportTestHarness.withCGMinerServer(host: host, steps: { _ in [.close] }) { server, _ in
            let allowed = CGMinerRequest(
                command: "ascset", parameter: "0,softon,1", port: server.port, allowsEmptyReply: true)
            let reply = try await transport(host).send(allowed)
            #expect(reply == [])
            await TransportTestHarness.expectDriverError(.unexpectedResponse) {
                _ = try await transport(host).send(CGMinerRequest(command: "summary", port: server.port))
            }
        }
    }

    @Test("a reset without a reply is empty only when allowed")
    func resetWithoutReply() async throws {
        let host = "127.61.1.35"
        try await TransportTestHarness.withCGMinerServer(host: host, steps: { _ in [.reset] }) { server, _ in
            let allowed = CGMinerRequest(
                command: "ascset", parameter: "0,softon,1", port: server.port, allowsEmptyReply: true)
            let reply = try await transport(host).send(allowed)
            #expect(reply == [])
            do {
                _ = try await transport(host).send(CGMinerRequest(command: "summary", port: server.port))
                Issue.record("a reset without reply was accepted")
            } catch let error as DriverError {
                #expect(error.kind == .unreachable, "\(error)")
            }
        }
    }

    @Test("replies over the cap are refused")
    func oversized() async throws {
        let host = "127.61.1.33"
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 4096) + [0]
        try await TransportTestHarness.withCGMinerServer(host: host, steps: { _ in [.write(big)] }) { server, _ in
            await TransportTestHarness.expectDriverError(.unexpectedResponse) {
                _ = try await transport(host, cap: 1024).send(CGMinerRequest(command: "summary", port: server.port))
            }
        }
    }

    @Test("each command uses its own connection")
    func connectionPerCommand() async throws {
        let host = "127.61.1.34"
        try await TransportTestHarness.withCGMinerServer(host: host, steps: { _ in Reply.nul.steps }) {
            server, recorder in
            let transport = transport(host)
            for command in ["summary", "stats", "pools"] {
                let reply = try await transport.send(CGMinerRequest(command: command, port: server.port))
                #expect(reply == Self.summary)
            }
            #expect(recorder.connections == 3)
        }
    }
}
