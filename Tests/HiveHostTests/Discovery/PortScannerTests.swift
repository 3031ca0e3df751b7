import HiveHost
import Testing

@Suite("PortScanner")
struct PortScannerTests {
    static func hosts(_ texts: [String]) -> [IPv4Address] { texts.compactMap { IPv4Address($0) } }

    @Test(
        "open, refused, silent: a host with no open port has its unanswered ports retried, once, at the retry settings")
    func retryUnansweredPortsOnce() async throws {
        let connector = FakeConnector { host, port, attempt in
            switch (host, port, attempt) {
            case ("10.0.0.1", 80, _): .open  // a miner
            case ("10.0.0.1", _, _): .refused
            case ("10.0.0.2", 4028, 1): .open  // missed by the first pass, found on the retry
            case ("10.0.0.2", _, _): .timedOut
            case ("10.0.0.3", _, _): .refused  // a host without miner ports: definite, no retry
            case ("10.0.0.4", 80, _): .refused  // refused one port, silent on the other: retry that one
            case ("10.0.0.4", 4028, 1): .open  // (a loaded miner: its own port answered late)
            case ("10.0.0.4", _, _): .timedOut
            case ("10.0.0.5", _, _): .timedOut  // nothing there, twice
            default: .failed("no route to host")  // 10.0.0.6: failures count as silence
            }
        }
        let scanner = PortScanner(
            ports: [4028, 80, 80],
            configuration: .init(
                timeout: .milliseconds(300), concurrency: 8, retryConcurrency: 2, retryTimeout: .milliseconds(700)),
            connector: connector)
        #expect(scanner.ports == [80, 4028])

        var reported: [HostPorts] = []
        let result = await scanner.scan(
            Self.hosts(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"])
        ) {
            reported.append($0)
        }

        #expect(result.hostsScanned == 6)
        #expect(Set(result.open.map(\.description)) == ["10.0.0.1 [80]", "10.0.0.2 [4028]", "10.0.0.4 [4028]"])
        #expect(result.open.first?.description == "10.0.0.1 [80]")
        #expect(reported == result.open)
        #expect(result.retried == 4)
        #expect(result.foundOnRetry == 2)
        #expect(result.silent.map(\.description) == ["10.0.0.5", "10.0.0.6"])
        #expect(result.connectAttempts == 12 + 7)

        for host in ["10.0.0.1", "10.0.0.3"] {
            #expect(connector.attempts(to: host).count == 2, "\(host) must not be retried")
        }
        for host in ["10.0.0.2", "10.0.0.5", "10.0.0.6"] {
            let attempts = connector.attempts(to: host)
            #expect(
                attempts.map(\.timeout) == [
                    .milliseconds(300), .milliseconds(300), .milliseconds(700), .milliseconds(700),
                ])
        }
        // Only the port that got no answer is tried again; the refusal stands.
        #expect(connector.attempts(to: "10.0.0.4").map(\.port) == [80, 4028, 4028])
    }

    @Test("an open host goes to identification at once, with the ports that did not answer")
    func openHostCarriesUnansweredPorts() async {
        let connector = FakeConnector { _, port, _ in
            switch port {
            case 80: .open
            case 4028: .timedOut
            default: .refused
            }
        }
        let scanner = PortScanner(ports: [80, 443, 4028], connector: connector)
        let result = await scanner.scan(Self.hosts(["10.0.0.7"]))
        #expect(
            result.open == [
                HostPorts(host: IPv4Address(rawValue: 0x0A00_0007), openPorts: [80], unansweredPorts: [4028])
            ])
        #expect(result.retried == 0)
        #expect(connector.attempts.count == 3)
    }

    @Test("no retry when disabled")
    func retryDisabled() async {
        let connector = FakeConnector { _, _, _ in .timedOut }
        let scanner = PortScanner(
            ports: [80], configuration: .init(retrySilentHosts: false), connector: connector)
        let result = await scanner.scan(Self.hosts(["10.0.0.1", "10.0.0.2"]))
        #expect(result.retried == 0)
        #expect(result.silent.count == 2)
        #expect(connector.attempts.count == 2)
    }

    @Test("concurrency is bounded, and reached", arguments: [(1, 12), (4, 12), (6, 18)])
    func boundedConcurrency(limit: Int, attempts: Int) async {
        let connector = FakeConnector(barrier: limit) { _, _, _ in .refused }
        let scanner = PortScanner(
            ports: [80, 443, 4028], configuration: .init(concurrency: limit), connector: connector)
        let hosts = (1...(attempts / 3)).map { IPv4Address(rawValue: 0x0A00_0000 + UInt32($0)) }
        let result = await scanner.scan(hosts)
        #expect(result.connectAttempts == attempts)
        #expect(connector.maximumInFlight == limit)
    }

    @Test("the retry pass runs at its own, lower concurrency")
    func retryConcurrency() async {
        // 4 silent hosts x 2 ports = 8 attempts per pass; first pass at 8, retry at 2.
        let connector = FakeConnector(barrier: 2) { _, _, _ in .timedOut }
        let scanner = PortScanner(
            ports: [80, 4028], configuration: .init(concurrency: 2, retryConcurrency: 2), connector: connector)
        let result = await scanner.scan((1...4).map { IPv4Address(rawValue: 0x0A00_0000 + UInt32($0)) })
        #expect(result.retried == 4)
        #expect(result.connectAttempts == 16)
        #expect(connector.maximumInFlight == 2)
    }

    @Test("hosts are tried in target order and each host's open ports are reported together")
    func order() async {
        let connector = FakeConnector { _, port, _ in port == 4028 || port == 80 ? .open : .refused }
        let scanner = PortScanner(ports: [80, 443, 4028], configuration: .init(concurrency: 1), connector: connector)
        let hosts = Self.hosts(["10.0.0.9", "10.0.0.3", "10.1.0.1"])
        var reported: [String] = []
        _ = await scanner.scan(hosts) { reported.append($0.description) }
        #expect(reported == ["10.0.0.9 [80, 4028]", "10.0.0.3 [80, 4028]", "10.1.0.1 [80, 4028]"])
        #expect(
            connector.attempts.map(\.host) == [
                "10.0.0.9", "10.0.0.9", "10.0.0.9", "10.0.0.3", "10.0.0.3", "10.0.0.3", "10.1.0.1", "10.1.0.1",
                "10.1.0.1",
            ])
    }

    @Test("nothing to scan")
    func empty() async {
        let connector = FakeConnector { _, _, _ in .open }
        #expect(await PortScanner(ports: [80], connector: connector).scan([]).open.isEmpty)
        #expect(await PortScanner(ports: [], connector: connector).scan(Self.hosts(["10.0.0.1"])).open.isEmpty)
        #expect(connector.attempts.isEmpty)
    }
}
