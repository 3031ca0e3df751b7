import Drivers
import HiveHost
import HiveProtocols
import HiveTesting
import Testing

/// ePIC serves HTTP on port 4028, where other firmwares serve the CGMiner API: the live
/// transports and discovery must tell them apart quickly (addresses 127.206.x).
@Suite struct EPICDiscoveryTests {
    @Test func aCGMinerRequestToAnHTTPPortFailsAtOnce() async throws {
        let host = "127.206.1.1"
        let reply = Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        try await TransportTestHarness.withCGMinerServer(host: host, steps: { _ in [.write(reply), .close] }) {
            server, _ in
            let transport = CGMinerTCPTransport(
                host: host, gate: MinerRequestGate(),
                configuration: .init(connectTimeout: .seconds(10), deadline: .seconds(30)))
            let (error, elapsed) = await TransportTestHarness.expectDriverError(.unexpectedResponse) {
                _ = try await transport.send(CGMinerRequest(command: "version", port: server.port))
            }
            print("CGMiner request to an HTTP port: failed after \(elapsed)")
            #expect(error?.message.contains("HTTP") == true)
            #expect(elapsed < .seconds(10))
        }
    }

    @Test func aSimulatedEPICIsIdentifiedAndItsCGMinerProbesFailFast() async throws {
        let configuration = SimulatedFleet.Configuration(
            range: "127.206.2.0/29", count: 1, mix: ["epic": 1], seed: 3, placement: .sequential,
            epoch: 1_763_000_000)
        try await SimulatedFleet.withFleet(configuration) { fleet in
            let miner = fleet.groundTruth().miners[0]
            try await TransportTestHarness.withFactory { factory in
                let (http, cgminer) = factory.transports(for: miner.address)
                let start = ContinuousClock.now
                let probe = CGMinerRequest(command: "version")
                await #expect(throws: DriverError.self) { _ = try await cgminer.send(probe) }
                print("CGMiner version probe to the simulated ePIC's 4028: failed after \(ContinuousClock.now - start)")
                #expect(ContinuousClock.now - start < .seconds(10))

                let registry = try DriverRegistry.builtIn
                let answers = await ProbeCollector.collect(
                    registry.probes, host: miner.address, http: http, cgminer: cgminer)
                #expect(registry.matches(for: answers).map(\.driver) == ["epic"], "\(answers.answers)")
                guard case .failed(let reason) = answers.answers[.cgminerVersion] else {
                    Issue.record(
                        "the CGMiner probe was answered: \(String(describing: answers.answers[.cgminerVersion]))")
                    return
                }
                #expect(reason.contains("HTTP"))

                let identifier = Identifier(
                    registry: registry, configuration: .init(probeTimeout: .seconds(20), identityTimeout: .seconds(20)),
                    transports: { factory.transports(for: $0) })
                let began = ContinuousClock.now
                let result = await identifier.identify(miner.address, openPorts: [80, 4028])
                print("Identifier on the simulated ePIC: \(ContinuousClock.now - began)")
                guard case .identified(let identified) = result else {
                    Issue.record("not identified: \(result)")
                    return
                }
                #expect(identified.driver == "epic")
                #expect(!identified.probesTimedOut)
                #expect(identified.identity.mac == miner.mac)
                #expect(identified.identity.model == miner.model)
            }
        }
    }
}
