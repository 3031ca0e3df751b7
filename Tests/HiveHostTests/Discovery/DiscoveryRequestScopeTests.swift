import Drivers
import HiveHost
import HiveProtocols
import HiveTesting
import Testing

/// What discovery promises a miner about concurrent requests, over real sockets on
/// 127.230.x.x against simulated miners that count the requests they have in progress: a
/// known miner (re-checked) never has two requests in flight, even while another part of the
/// daemon talks to it; a host the sweep just found has at most one per port, its ports in
/// parallel, and is still identified correctly (VNish on Antminer hardware is VNish).
@Suite("Discovery request scope", .serialized)
struct DiscoveryRequestScopeTests {
    /// Two stock Antminers and two VNish ones, answering every request after 60–120 ms so that
    /// requests sent together overlap at the miner.
    static func fleet(on range: String) -> SimulatedFleet.Configuration {
        SimulatedFleet.Configuration(
            range: range, count: 4, mix: ["antminer-stock": 1, "vnish": 1],
            latency: .milliseconds(60)...(.milliseconds(120)), seed: 21, placement: .sequential)
    }

    @Test("a known miner never has two requests in flight, discovery's and another client's together")
    func knownMinersOneInFlight() async throws {
        try await SimulatedFleet.withFleet(Self.fleet(on: "127.230.1.0/29")) { fleet in
            let truth = fleet.groundTruth().miners
            let addresses = truth.map(\.address)
            let result = try await Self.withScanner { scanner, factory in
                try await withThrowingTaskGroup(of: DiscoveryResult?.self) { group in
                    group.addTask { await scanner.scan([], recheck: addresses) }
                    for address in addresses {
                        // Another client of the same gate (a poller, say) asks at the same time.
                        let cgminer = factory.transports(for: address).cgminer
                        group.addTask {
                            for _ in 0..<3 { _ = try await cgminer.send(CGMinerRequest(command: "summary")) }
                            return nil
                        }
                    }
                    var result: DiscoveryResult?
                    for try await done in group { result = result ?? done }
                    return try #require(result)
                }
            }
            Self.expectIdentified(result, truth: truth)
            for miner in fleet.miners {
                #expect(miner.requestConcurrency.peak == 1, "\(miner.address): \(miner.requestConcurrency)")
            }
        }
    }

    @Test("a new host has at most one request in flight per port, its ports in parallel, and is identified")
    func newHostsOnePerPort() async throws {
        try await SimulatedFleet.withFleet(Self.fleet(on: "127.230.2.0/29")) { fleet in
            let truth = fleet.groundTruth().miners
            let hosts = truth.compactMap { IPv4Address($0.address) }
            let result = try await Self.withScanner { scanner, _ in await scanner.scan(hosts) }
            Self.expectIdentified(result, truth: truth)
            for miner in fleet.miners {
                #expect(miner.requestConcurrency.peakPerPort == 1, "\(miner.address): \(miner.requestConcurrency)")
                #expect(miner.requestConcurrency.peak <= 2, "\(miner.address): \(miner.requestConcurrency)")
            }
            // Each host's web probes and CGMiner probes went out together (one of four is
            // plenty to show it; each probe takes at least 60 ms at the miner).
            #expect(fleet.miners.contains { $0.requestConcurrency.peak == 2 })
        }
    }

    static func expectIdentified(_ result: DiscoveryResult, truth: [MinerTruth]) {
        #expect(result.miners.map(\.ip) == truth.map(\.address), "\(result.unidentified)")
        for miner in truth {
            let found = result.miners.first { $0.ip == miner.address }
            #expect(found?.driver == miner.personality, "\(miner.address)")
            #expect(found?.identity.mac == miner.mac, "\(miner.address)")
            #expect(found?.identityError == nil, "\(miner.address)")
        }
        #expect(truth.contains { $0.personality == "vnish" })
    }

    /// Runs `body` with a scanner set up as the daemon's (known miners through miner permits,
    /// sweep hosts through port permits) with generous deadlines, and its transport factory.
    static func withScanner<T: Sendable>(
        _ body: (DiscoveryScanner, LiveTransportFactory) async throws -> T
    ) async throws -> T {
        let client = HTTPClientFactory.makeClient(configuration: .init(connectTimeout: .seconds(10)))
        let factory = LiveTransportFactory(
            httpClient: client,
            configuration: .init(http: .init(deadline: .seconds(20)), cgminer: .init(deadline: .seconds(20))))
        let registry = try DriverRegistry.builtIn
        let scanner = DiscoveryScanner(
            portScanner: PortScanner(registry: registry, configuration: .init(timeout: .seconds(10))),
            identifier: Identifier(
                registry: registry,
                configuration: .init(probeTimeout: .seconds(20), identityTimeout: .seconds(20), retryConcurrency: 0),
                transports: { factory.transports(for: $0) },
                newHostTransports: { factory.transports(for: $0, scope: .port) }))
        do {
            let result = try await body(scanner, factory)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
