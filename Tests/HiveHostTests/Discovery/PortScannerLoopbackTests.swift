import HiveHost
import NIOCore
import Testing

/// The live connector against real sockets on loopback (127.53.1.x only).
@Suite("PortScanner on loopback")
struct PortScannerLoopbackTests {
    @Test("an open port is open, a closed port refused, a host with no listener refused")
    func liveConnector() async throws {
        let server = try await LoopbackServer.start(host: "127.53.1.1") { ClosingHandler() }
        let closed = try await LoopbackServer.refusedPort(host: "127.53.1.1")
        let connector = NIOConnector()
        let host = IPv4Address("127.53.1.1")!
        let empty = IPv4Address("127.53.1.2")!
        let open = await connector.connect(to: host, port: server.port, timeout: .seconds(5))
        let refused = await connector.connect(to: host, port: closed, timeout: .seconds(5))
        let noListener = await connector.connect(to: empty, port: server.port, timeout: .seconds(5))
        await server.close()

        #expect(open == .open)
        #expect(refused == .refused)
        #expect(noListener == .refused)
    }

    @Test("a sweep finds the listening host and does not retry refusing ones")
    func sweep() async throws {
        let server = try await LoopbackServer.start(host: "127.53.1.10") { ClosingHandler() }
        let closed = try await LoopbackServer.refusedPort(host: "127.53.1.10")
        let scanner = PortScanner(ports: [server.port, closed], configuration: .init(timeout: .seconds(5)))
        let targets = try ScanTargets(["127.53.1.8-127.53.1.12"])
        let result = await scanner.scan(targets.hosts)
        await server.close()

        #expect(result.hostsScanned == 5)
        #expect(result.open == [HostPorts(host: IPv4Address("127.53.1.10")!, openPorts: [server.port])])
        #expect(result.retried == 0)
        #expect(result.silent.isEmpty)
        #expect(result.connectAttempts == 10)
    }

    /// The generous timeout keeps a loaded box from turning slow refusals into timeouts (on a
    /// busy 2-core debug build a 300 ms timeout loses about a third of them to event-loop lag,
    /// and the retry pass recovers the hosts).
    @Test("a /22 with six ports is swept at the default concurrency, every host answering", .timeLimit(.minutes(1)))
    func wholeSubnet() async throws {
        let targets = try ScanTargets(["127.53.16.0/22"])
        let scanner = PortScanner(
            ports: [80, 443, 4028, 4029, 4433, 8080], configuration: .init(timeout: .seconds(10)))
        let result = await scanner.scan(targets.hosts)
        #expect(result.hostsScanned == 1022)
        #expect(result.connectAttempts == 1022 * 6)
        #expect(result.silent.isEmpty)  // loopback refuses at once: nothing to retry
        #expect(result.retried == 0)
    }
}
