import Drivers
import HiveHost
import HiveProtocols
import HiveTesting
import Testing

@Suite("Identifier")
struct IdentifierTests {
    static func identifier(
        _ registry: DriverRegistry, clock: any Clock<Duration> = ManualClock(),
        transports: @escaping Identifier.TransportFactory
    ) -> Identifier {
        Identifier(registry: registry, clock: clock, transports: transports)
    }

    @Test(
        "custom firmware beats stock: a host answering the stock digest realm and VNish info is VNish",
        arguments: [false, true])
    func customBeatsStock(stockFirstInRegistry: Bool) async throws {
        let replay = ReplayTransport(exchanges: [
            FakeMiner.stockChallenge, FakeMiner.customInfo(mac: "aa:bb:cc:00:00:01"), FakeMiner.bmminerVersion,
        ])
        let registry = try DriverRegistry(
            stockFirstInRegistry
                ? [FakeStockDriver.self, FakeCustomDriver.self] : [FakeCustomDriver.self, FakeStockDriver.self])
        let identifier = Self.identifier(registry) { _ in (replay, replay) }

        let result = await identifier.identify("10.0.0.5", openPorts: [80, 4028])

        guard case .identified(let miner) = result else {
            Issue.record("not identified: \(result)")
            return
        }
        #expect(miner.ip == "10.0.0.5")
        #expect(miner.driver == "fake-custom")
        #expect(miner.match.confidence == .high)
        #expect(miner.otherMatches.map(\.driver) == ["fake-stock"])
        #expect(miner.identity.mac == "AA:BB:CC:00:00:01")
        #expect(miner.identity.model == "Antminer S19j Pro")  // from the match
        #expect(miner.identity.firmwareVersion == "1.2.6")
        #expect(miner.identityError == nil)
        // Each probe asked once; identity() asked through the same transports afterwards.
        let sent = replay.sent.map(\.description)
        #expect(sent.filter { $0 == "GET /" }.count == 1)
        #expect(sent.filter { $0 == "cgminer version" }.count == 1)
        #expect(sent.filter { $0 == "GET /api/v1/info" }.count == 2)
    }

    @Test("the real drivers agree: VNish on Antminer hardware is VNish")
    func realDrivers() async throws {
        let info = Exchange(
            name: "info", key: .http(method: "GET", path: "/api/v1/info", port: 80),
            body: Array(
                #"{"fw_name":"Vnish","fw_version":"1.2.6","miner":"Antminer S19j Pro","hostname":"rig-7"}"#.utf8))
        let replay = ReplayTransport(exchanges: [FakeMiner.stockChallenge, info])
        let registry = try DriverRegistry([AntminerStockDriver.self, VNishDriver.self])
        let identifier = Self.identifier(registry) { _ in (replay, replay) }

        let result = await identifier.identify("10.0.0.6", openPorts: [80, 4028])

        guard case .identified(let miner) = result else {
            Issue.record("not identified: \(result)")
            return
        }
        #expect(miner.driver == "vnish")
        #expect(miner.otherMatches.map(\.driver) == ["antminer-stock"])
    }

    @Test("only probes on open ports are sent")
    func onlyOpenPorts() async throws {
        let replay = ReplayTransport(exchanges: [
            FakeMiner.bmminerVersion, FakeMiner.stockIdentity(mac: "aa:bb:cc:00:00:02"),
        ])
        let identifier = Self.identifier(try FakeMiner.registry) { _ in (replay, replay) }

        let result = await identifier.identify("10.0.0.7", openPorts: [4028])

        guard case .identified(let miner) = result else {
            Issue.record("not identified: \(result)")
            return
        }
        #expect(miner.driver == "fake-stock")
        #expect(miner.identity.mac == "AA:BB:CC:00:00:02")
        #expect(miner.identity.serial == "SN-1")
        #expect(miner.identity.model == "Antminer S19")
        #expect(replay.sent.map(\.description) == ["cgminer version", "cgminer fake-identity"])
    }

    @Test("a hung probe is cut at the probe deadline and the other answers still identify the host")
    func hungProbe() async throws {
        let clock = ManualClock()
        let replay = ReplayTransport(exchanges: [
            FakeMiner.stockChallenge, FakeMiner.stockIdentity(mac: "aa:bb:cc:00:00:03"),
        ])
        let hanging = HangingTransport(replay: replay, hangsOn: [.http(method: "GET", path: "/api/v1/info", port: 80)])
        let identifier = Identifier(
            registry: try FakeMiner.registry, configuration: .init(probeTimeout: .milliseconds(1500)), clock: clock
        ) { _ in (hanging, hanging) }

        async let identification = identifier.identify("10.0.0.8", openPorts: [80, 4028])
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(1500))
        let result = await identification

        guard case .identified(let miner) = result else {
            Issue.record("not identified: \(result)")
            return
        }
        #expect(miner.driver == "fake-stock")
        #expect(miner.identity.mac == "AA:BB:CC:00:00:03")
    }

    @Test("identity() failing keeps the match and says why")
    func identityFails() async throws {
        let replay = ReplayTransport(exchanges: [FakeMiner.bmminerVersion])  // no identity recording
        let identifier = Self.identifier(try FakeMiner.registry) { _ in (replay, replay) }
        guard case .identified(let miner) = await identifier.identify("10.0.0.9", openPorts: [4028]) else {
            Issue.record("not identified")
            return
        }
        #expect(miner.driver == "fake-stock")
        #expect(miner.identity.model == "Antminer S19")
        #expect(miner.identity.mac == nil)
        #expect(miner.identityError?.contains("fake-identity") == true)
    }

    @Test("hosts nobody recognises are unidentified, with the reason")
    func unidentified() async throws {
        let registry = try FakeMiner.registry

        let router = ReplayTransport(exchanges: [FakeMiner.routerPage])
        let first = await Self.identifier(registry) { _ in (router, router) }.identify("10.0.0.10", openPorts: [80])
        guard case .unidentified(let host) = first else {
            Issue.record("identified: \(first)")
            return
        }
        #expect(host.ip == "10.0.0.10")
        #expect(host.openPorts == [80])
        #expect(host.reason.hasPrefix("no driver recognised the answers ("))
        #expect(host.reason.contains("HTTP GET /: 200"))

        let silent = ReplayTransport(exchanges: [], closedPorts: [80, 4028])
        let second = await Self.identifier(registry) { _ in (silent, silent) }.identify("10.0.0.11", openPorts: nil)
        guard case .unidentified(let nothing) = second else {
            Issue.record("identified: \(second)")
            return
        }
        #expect(nothing.openPorts.isEmpty)
        #expect(nothing.reason.hasPrefix("no probe answered ("))

        let unused = ReplayTransport(exchanges: [])
        let third = await Self.identifier(registry) { _ in (unused, unused) }.identify("10.0.0.12", openPorts: [443])
        guard case .unidentified(let other) = third else {
            Issue.record("identified: \(third)")
            return
        }
        #expect(other.reason == "no probe uses its open ports [443]")
        #expect(unused.sent.isEmpty)
    }
}
