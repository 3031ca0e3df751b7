import HiveHost
import HiveProtocols
import HiveTesting
import NIOConcurrencyHelpers
import Testing

/// A small simulated network for the scanner: a connector script and per-host replays.
struct FakeNetwork: Sendable {
    let connector: FakeConnector
    let hosts: [String: ReplayTransport]

    /// 10.0.0.1 custom firmware, .2 stock, .3 a router, .4 refuses everything, .5 missed by the
    /// first pass and found on the retry (stock, CGMiner only), .6 nothing there.
    static func standard() -> FakeNetwork {
        let connector = FakeConnector { host, port, attempt in
            switch (host, port) {
            case ("10.0.0.1", 80), ("10.0.0.1", 4028), ("10.0.0.2", 80), ("10.0.0.2", 4028), ("10.0.0.3", 80):
                return .open
            case ("10.0.0.5", 4028): return attempt == 0 ? .timedOut : .open
            case ("10.0.0.5", _), ("10.0.0.6", _): return .timedOut
            default: return .refused
            }
        }
        return FakeNetwork(
            connector: connector,
            hosts: [
                "10.0.0.1": ReplayTransport(exchanges: [
                    FakeMiner.stockChallenge, FakeMiner.customInfo(mac: "aa:00:00:00:00:01"),
                ]),
                "10.0.0.2": ReplayTransport(exchanges: [
                    FakeMiner.stockChallenge, FakeMiner.stockIdentity(mac: "aa:00:00:00:00:02"),
                ]),
                "10.0.0.3": ReplayTransport(exchanges: [FakeMiner.routerPage]),
                "10.0.0.5": ReplayTransport(exchanges: [
                    FakeMiner.bmminerVersion, FakeMiner.stockIdentity(mac: "aa:00:00:00:00:05"),
                ]),
            ])
    }

    func scanner(clock: ManualClock = ManualClock()) throws -> DiscoveryScanner {
        let hosts = self.hosts
        let identifier = Identifier(registry: try FakeMiner.registry, clock: clock) { host in
            let replay = hosts[host] ?? ReplayTransport(exchanges: [], closedPorts: [80, 4028])
            return (replay, replay)
        }
        return DiscoveryScanner(
            portScanner: PortScanner(registry: try FakeMiner.registry, connector: connector), identifier: identifier,
            clock: clock)
    }
}

@Suite("DiscoveryScanner")
struct DiscoveryScannerTests {
    @Test("sweep and re-check together: miners, unidentified hosts, retries, counts")
    func sweepAndRecheck() async throws {
        let network = FakeNetwork.standard()
        let targets = try ScanTargets(["10.0.0.1-10.0.0.6"])

        let result = try await network.scanner().scan(targets.hosts, recheck: ["10.0.0.2", "10.9.0.1", "10.0.0.2"])

        #expect(result.miners.map(\.ip) == ["10.0.0.1", "10.0.0.2", "10.0.0.5"])
        #expect(result.miners.map(\.driver) == ["fake-custom", "fake-stock", "fake-stock"])
        #expect(result.miners.map(\.identity.mac) == ["AA:00:00:00:00:01", "AA:00:00:00:00:02", "AA:00:00:00:00:05"])
        #expect(result.unidentified.map(\.ip) == ["10.0.0.3"])
        #expect(result.unidentified.first?.openPorts == [80])
        #expect(result.hostsScanned == 5 + 2)  // the re-checked 10.0.0.2 is not swept again
        #expect(result.openHosts == 3 + 1)  // .1 .3 .5 open; re-checked .2 answered, 10.9.0.1 did not
        #expect(result.retriedHosts == 2)
        #expect(result.foundOnRetry == 1)
        #expect(network.connector.attempts(to: "10.0.0.2").isEmpty)
        #expect(network.connector.attempts(to: "10.9.0.1").isEmpty)
        #expect(result.elapsed == .zero)  // the manual clock did not move
    }

    @Test(
        "a hung host costs the probe deadline and the second attempt's half deadline, no more",
        .timeLimit(.minutes(1)))
    func hungHost() async throws {
        let clock = ManualClock()
        let (hangs, hung) = AsyncStream.makeStream(of: Exchange.Key.self)
        let healthy = ReplayTransport(exchanges: [
            FakeMiner.stockChallenge, FakeMiner.customInfo(mac: "aa:00:00:00:00:01"),
        ])
        let silent = HangingTransport(
            replay: ReplayTransport(exchanges: []),
            hangsOn: Set(
                try FakeMiner.registry.probes.map { probe -> Exchange.Key in
                    switch probe {
                    case .http(let request): Exchange.Key(request)
                    case .cgminer(let request): Exchange.Key(request)
                    }
                }),
            onHang: { hung.yield($0) })
        let identifier = Identifier(
            registry: try FakeMiner.registry, configuration: .init(probeTimeout: .milliseconds(1500)), clock: clock
        ) { host in
            if host == "10.0.0.7" { return (silent, silent) }
            return (healthy, healthy)
        }
        let scanner = DiscoveryScanner(
            portScanner: PortScanner(registry: try FakeMiner.registry, connector: FakeConnector { _, _, _ in .open }),
            identifier: identifier, clock: clock)

        async let scan = scanner.scan([IPv4Address("10.0.0.1")!, IPv4Address("10.0.0.7")!])
        var hanging = 0
        for await _ in hangs {
            hanging += 1
            // All three probes of 10.0.0.7 are stuck: the deadline passes; then the retry's.
            if hanging == 3 { clock.advance(by: .milliseconds(1500)) }
            if hanging == 6 {
                clock.advance(by: .milliseconds(750))
                break
            }
        }
        let result = await scan

        #expect(result.elapsed == .milliseconds(2250))
        #expect(result.secondAttempts == 1)
        #expect(result.miners.map(\.ip) == ["10.0.0.1"])
        #expect(result.unidentified.map(\.ip) == ["10.0.0.7"])
        #expect(result.unidentified.first?.reason.hasPrefix("no probe answered (") == true)
        #expect(result.unidentified.first?.reason.contains("timed out") == true)
    }

    @Test("sweep hosts are asked through the new-host transports, re-checked miners through the others")
    func newHostTransports() async throws {
        let network = FakeNetwork.standard()
        let hosts = network.hosts
        let asked = NIOLockedValueBox<[String: Set<String>]>([:])
        func factory(_ kind: String) -> Identifier.TransportFactory {
            { host in
                asked.withLockedValue { _ = $0[kind, default: []].insert(host) }
                let replay = hosts[host] ?? ReplayTransport(exchanges: [], closedPorts: [80, 4028])
                return (replay, replay)
            }
        }
        let clock = ManualClock()
        let identifier = Identifier(
            registry: try FakeMiner.registry, clock: clock, transports: factory("known"),
            newHostTransports: factory("new"))
        let scanner = DiscoveryScanner(
            portScanner: PortScanner(registry: try FakeMiner.registry, connector: network.connector),
            identifier: identifier, clock: clock)

        let result = await scanner.scan(try ScanTargets(["10.0.0.1-10.0.0.3"]).hosts, recheck: ["10.0.0.2"])

        #expect(result.miners.map(\.ip) == ["10.0.0.1", "10.0.0.2"])
        #expect(result.miners.map(\.driver) == ["fake-custom", "fake-stock"])
        #expect(asked.withLockedValue { $0 } == ["new": ["10.0.0.1", "10.0.0.3"], "known": ["10.0.0.2"]])
    }

    @Test("identifying reported addresses skips the port scan")
    func identifyDirectly() async throws {
        let network = FakeNetwork.standard()
        let result = try await network.scanner().identify(["10.0.0.1"])
        #expect(result.miners.map(\.driver) == ["fake-custom"])
        #expect(result.hostsScanned == 1)
        #expect(network.connector.attempts.isEmpty)
    }

    @Test("the summary line has the issue's shape")
    func summary() {
        func miner(_ n: Int, _ driver: DriverID) -> IdentifiedMiner {
            IdentifiedMiner(
                ip: "10.0.\(n / 256).\(n % 256)", match: DriverMatch(driver: driver, confidence: .high, isStock: false),
                identity: MinerIdentity())
        }
        let miners =
            (0..<400).map { miner($0, "antminer-stock") } + (400..<700).map { miner($0, "vnish") }
            + (700..<1000).map { miner($0, "braiins") }
        let result = DiscoveryResult(
            elapsed: .milliseconds(1840), hostsScanned: 1024, openHosts: 1003, miners: miners, unidentified: [])
        #expect(
            result.summary(new: 3, moved: 1, offline: 2)
                == "discovery completed in 1.84 s: 1024 hosts, 1000 identified (antminer-stock 400, braiins 300, vnish 300), 3 new, 1 moved, 2 offline"
        )
        let empty = DiscoveryResult(
            elapsed: .milliseconds(7), hostsScanned: 254, openHosts: 0, miners: [], unidentified: [])
        #expect(
            empty.summary(new: 0, moved: 0, offline: 0)
                == "discovery completed in 0.01 s: 254 hosts, 0 identified, 0 new, 0 moved, 0 offline")
    }

    @Test(
        "seconds are shown with two decimals",
        arguments: [
            (Duration.zero, "0.00"), (.milliseconds(1840), "1.84"), (.milliseconds(999), "1.00"),
            (.microseconds(1_845_001), "1.85"), (.seconds(65), "65.00"), (.milliseconds(4), "0.00"),
        ])
    func seconds(duration: Duration, text: String) {
        let result = DiscoveryResult(elapsed: duration, hostsScanned: 0, openHosts: 0, miners: [], unidentified: [])
        #expect(result.summary(new: 0, moved: 0, offline: 0).hasPrefix("discovery completed in \(text) s:"))
    }
}
