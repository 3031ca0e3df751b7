import Drivers
import HiveHost
import HiveProtocols
import HiveTesting
import NIOConcurrencyHelpers
import Testing

/// Regression for the misses under load (`powerhive demo`'s later cycles saw 50 of ~198 open
/// hosts): on a loaded scanner a healthy miner's identification probes could all miss their
/// deadline, and the host was dropped without a second try — a re-checked known miner
/// silently, a swept one as "no probe answered". Real sockets on 127.53.4.x: the simulated
/// miners, the live connector and the live transports; the load is stood in for by transports
/// whose first attempt per host never answers (the deadline cancels it), so the outcome does
/// not depend on timing.
@Suite("Discovery under load", .serialized)
struct DiscoveryUnderLoadTests {
    static func fleet(on range: String) -> SimulatedFleet.Configuration {
        SimulatedFleet.Configuration(
            range: range, count: 4, mix: ["antminer-stock": 1, "vnish": 1], seed: 9, placement: .sequential)
    }

    @Test("hosts whose first probes all time out are asked again and identified (sweep and re-check)")
    func inconclusiveHostsAreRetried() async throws {
        try await SimulatedFleet.withFleet(Self.fleet(on: "127.53.4.0/29")) { fleet in
            let truth = fleet.groundTruth().miners
            let addresses = truth.map(\.address)
            for recheck in [false, true] {
                let (result, attempts) = try await Self.scan(addresses, recheck: recheck, retryConcurrency: 16)
                #expect(result.miners.map(\.ip) == addresses, "recheck \(recheck): \(result.unidentified)")
                for miner in truth {
                    let found = result.miners.first { $0.ip == miner.address }
                    #expect(found?.driver == miner.personality)
                    #expect(found?.identity.mac == miner.mac)
                    #expect(attempts[miner.address] == 2, "one stalled attempt, one answered")
                }
                #expect(result.unidentified.isEmpty)
                #expect(result.openHosts == addresses.count)
            }
        }
    }

    @Test("without the second attempt the same hosts are missed (what the retry fixes)")
    func withoutRetryTheyAreMissed() async throws {
        try await SimulatedFleet.withFleet(Self.fleet(on: "127.53.5.0/29")) { fleet in
            let addresses = fleet.groundTruth().miners.map(\.address)
            let (swept, _) = try await Self.scan(addresses, recheck: false, retryConcurrency: 0)
            #expect(swept.miners.isEmpty)
            #expect(swept.unidentified.map(\.ip) == addresses)
            #expect(swept.unidentified.allSatisfy { $0.probesTimedOut })
            let (rechecked, _) = try await Self.scan(addresses, recheck: true, retryConcurrency: 0)
            #expect(rechecked.miners.isEmpty)
            #expect(rechecked.openHosts == 0)  // a re-checked miner that did not answer is just absent
        }
    }

    /// One discovery run over `addresses` (swept, or re-checked directly) where every host's
    /// first identification attempt stalls; returns the result and the attempts per host.
    static func scan(
        _ addresses: [String], recheck: Bool, retryConcurrency: Int
    ) async throws -> (DiscoveryResult, [String: Int]) {
        let client = HTTPClientFactory.makeClient()
        let factory = LiveTransportFactory(httpClient: client)
        let attempts = NIOLockedValueBox([String: Int]())
        let registry = try DriverRegistry.builtIn
        let identifier = Identifier(
            registry: registry,
            // A generous second deadline: the second attempt runs on real sockets, inside a
            // parallel test run on a busy box.
            configuration: .init(
                probeTimeout: .seconds(4), retryConcurrency: retryConcurrency, retryProbeTimeout: .seconds(10))
        ) { host in
            let attempt = attempts.withLockedValue { counts -> Int in
                counts[host, default: 0] += 1
                return counts[host] ?? 0
            }
            if attempt == 1 { return (StalledTransport(), StalledTransport()) }
            return factory.transports(for: host)
        }
        let scanner = DiscoveryScanner(
            portScanner: PortScanner(registry: registry, configuration: .init(timeout: .seconds(10))),
            identifier: identifier)
        let hosts = addresses.compactMap { IPv4Address($0) }
        let result = await recheck ? scanner.scan([], recheck: addresses) : scanner.scan(hosts)
        try await client.shutdown()
        return (result, attempts.withLockedValue { $0 })
    }
}

/// Transports of a scanner too loaded to get to the reply: nothing comes back before the
/// deadline cancels the request.
private struct StalledTransport: HTTPTransport, CGMinerTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await Task.sleep(for: .seconds(86_400))
        throw DriverError(.timedOut, "stalled")
    }

    func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        try await Task.sleep(for: .seconds(86_400))
        throw DriverError(.timedOut, "stalled")
    }
}
