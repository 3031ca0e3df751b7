import HiveHost
import HiveProtocols
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@Suite("Transports share the per-miner gate")
struct TransportGateTests {
    typealias Harness = TransportTestHarness
    static let reply = Array(#"{"STATUS":[{"STATUS":"S"}],"id":1}"#.utf8) + [0]

    @Test("concurrent CGMiner commands to one miner go one at a time")
    func cgminerSerialised() async throws {
        let host = "127.61.3.10"
        // The fake miner takes 30 ms per answer, so unserialised requests would overlap.
        try await Harness.withCGMinerServer(
            host: host, steps: { _ in [.delay(.milliseconds(30)), .write(Self.reply)] }
        ) {
            server, recorder in
            let gate = MinerRequestGate()
            try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for index in 0..<6 {
                    // Separate transport values sharing one gate, as the pollers get them.
                    let transport = CGMinerTCPTransport(host: host, gate: gate)
                    group.addTask { try await transport.send(CGMinerRequest(command: "c\(index)", port: server.port)) }
                }
                for try await reply in group {
                    #expect(reply == Array(Self.reply.dropLast()))
                }
            }
            #expect(recorder.requests.count == 6)
            #expect(recorder.maximumInFlight == 1)
            #expect(!gate.isBusy(host))
        }
    }

    @Test("HTTP and CGMiner requests to one miner are serialised together")
    func mixedSerialised() async throws {
        let host = "127.61.3.11"
        let recorder = ServerRecorder()
        try await Harness.withCGMinerServer(
            host: host, recorder: recorder, steps: { _ in [.delay(.milliseconds(30)), .write(Self.reply)] }
        ) { cgminer, _ in
            try await Harness.withHTTPServer(
                host: host, recorder: recorder, respond: { _ in TestHTTPResponse(status: 200, body: Array("ok".utf8)) }
            ) { http, _ in
                try await Harness.withFactory { factory in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in 0..<4 {
                            let transports = factory.transports(for: host)
                            group.addTask {
                                _ = try await transports.cgminer.send(
                                    CGMinerRequest(command: "c\(index)", port: cgminer.port))
                            }
                            group.addTask {
                                let response = try await transports.http.send(.get("/r\(index)", port: http.port))
                                #expect(response.text == "ok")
                            }
                        }
                        try await group.waitForAll()
                    }
                    #expect(recorder.requests.count == 8)
                    #expect(recorder.maximumInFlight == 1)
                }
            }
        }
    }

    @Test("with port permits, a miner's ports are asked in parallel and each port one request at a time")
    func portScope() async throws {
        let host = "127.230.3.10"
        // The first CGMiner command is answered only once the HTTP server has a request: were
        // the two ports serialised together, the command would hold the permit and time out.
        let cgminerArrived = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
        let httpArrived = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
        let first = NIOLockedValueBox(true)
        try await Harness.withCGMinerServer(
            host: host,
            steps: { _ in
                let isFirst = first.withLockedValue { value -> Bool in
                    defer { value = false }
                    return value
                }
                guard isFirst else {
                    return [.delay(.milliseconds(30)), .write(Self.reply)]
                }
                cgminerArrived.succeed()
                return [.waitFor(httpArrived.futureResult), .write(Self.reply)]
            }
        ) { cgminer, cgminerRecorder in
            try await Harness.withHTTPServer(
                host: host,
                respond: { _ in
                    httpArrived.succeed()
                    return TestHTTPResponse(status: 200, body: Array("ok".utf8))
                }
            ) { http, httpRecorder in
                try await Harness.withFactory(
                    configuration: .init(http: .init(deadline: .seconds(10)), cgminer: .init(deadline: .seconds(10)))
                ) { factory in
                    let transports = factory.transports(for: host, scope: .port)
                    async let held = transports.cgminer.send(CGMinerRequest(command: "first", port: cgminer.port))
                    try await cgminerArrived.futureResult.get()
                    let response = try await transports.http.send(.get("/while-cgminer-waits", port: http.port))
                    #expect(response.text == "ok")
                    #expect(try await held == Array(Self.reply.dropLast()))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in 0..<3 {
                            group.addTask {
                                _ = try await transports.cgminer.send(
                                    CGMinerRequest(command: "c\(index)", port: cgminer.port))
                            }
                            group.addTask { _ = try await transports.http.send(.get("/r\(index)", port: http.port)) }
                        }
                        try await group.waitForAll()
                    }
                    #expect(cgminerRecorder.requests.count == 4)
                    #expect(cgminerRecorder.maximumInFlight == 1)
                    #expect(httpRecorder.requests.count == 4)
                    #expect(httpRecorder.maximumInFlight == 1)
                    #expect(!factory.gate.isBusy(host))
                }
            }
        }
        cgminerArrived.succeed()  // no-ops when already done; never leave a promise pending
        httpArrived.succeed()
    }

    @Test("different miners are not serialised with each other")
    func differentMinersOverlap() async throws {
        // Miner A answers only once miner B has received its request: were requests to
        // different miners serialised, A's request would hold the permit and time out.
        let hostA = "127.61.3.12"
        let hostB = "127.61.3.13"
        let bArrived = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
        try await Harness.withCGMinerServer(
            host: hostA, steps: { _ in [.waitFor(bArrived.futureResult), .write(Self.reply)] }
        ) { serverA, _ in
            try await Harness.withCGMinerServer(
                host: hostB,
                steps: { _ in
                    bArrived.succeed()
                    return [.write(Self.reply)]
                }
            ) { serverB, _ in
                let gate = MinerRequestGate()
                let configuration = CGMinerTCPTransport.Configuration(deadline: .seconds(3))
                let a = CGMinerTCPTransport(host: hostA, gate: gate, configuration: configuration)
                let b = CGMinerTCPTransport(host: hostB, gate: gate, configuration: configuration)
                async let first = a.send(CGMinerRequest(command: "summary", port: serverA.port))
                async let second = b.send(CGMinerRequest(command: "summary", port: serverB.port))
                let replies = try await (first, second)
                #expect(replies.0 == Array(Self.reply.dropLast()))
                #expect(replies.1 == Array(Self.reply.dropLast()))
            }
        }
        bArrived.succeed()  // no-op when already done; never leave a promise pending
    }
}
