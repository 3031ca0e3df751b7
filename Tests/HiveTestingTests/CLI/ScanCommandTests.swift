import Foundation
import HiveProtocols
import HiveTesting
import NIOCore
import NIOPosix
import Testing

/// Runs the real `powerhive scan` against a simulated fleet (and one web server that is not a
/// miner) on 127.195.0.0/24.
@Suite(.serialized) struct ScanCommandTests {
    static let range = "127.195.0.0/24"
    static let hung = "127.195.0.3"
    static let refusing = "127.195.0.7"
    static let webServer = "127.195.0.200"

    @Test func jsonListsEveryHealthyMinerAndExplainsTheRest() async throws {
        let personalities = SimulatorPersonalities.builtIn.map { $0.id }
        let config = SimulatedFleet.Configuration(
            range: Self.range, count: 4 * personalities.count + 2,
            mix: Dictionary(uniqueKeysWithValues: personalities.map { ($0, 1) }),
            faultsByAddress: [Self.hung: [.hung], Self.refusing: [.refuse]], seed: 11, placement: .sequential,
            epoch: 1_763_000_000)
        let webServer = try await PlainWebServer.start(host: Self.webServer, port: 80)
        defer { webServer.stop() }
        try await SimulatedFleet.withFleet(config) { fleet in
            let truth = fleet.groundTruth()
            let (scanMs, probeMs, readMs) = (1000, 3000, 5000)
            let run = try await ProbeCommandTests.powerhive([
                "scan", Self.range, "--json", "--scan-timeout-ms", "\(scanMs)", "--probe-timeout-ms", "\(probeMs)",
                "--read-timeout-ms", "\(readMs)",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let json = try TolerantJSONReader.parse(run.stdout)

            #expect(json["hosts_scanned"]?.int == 254)
            let healthy = truth.miners.filter { $0.faults.isEmpty }
            #expect(healthy.count == truth.miners.count - 2)
            // Every healthy miner, the hung one and the web server have an open port.
            #expect(json["open_hosts"]?.int == healthy.count + 2)

            let miners = json["miners"]?.array ?? []
            let byIP = Dictionary(miners.compactMap { m in m["ip"]?.string.map { ($0, m) } }) { first, _ in first }
            #expect(miners.count == healthy.count, "\(run.stdout)")
            for miner in healthy {
                let found = try #require(byIP[miner.address], "\(miner.address) \(miner.personality) not listed")
                #expect(found["driver"]?.string == miner.personality.rawValue, "\(miner.address)")
                #expect(found["mac"]?.string == miner.mac, "\(miner.address)")
                #expect(found["model"]?.string == miner.model, "\(miner.address)")
                #expect(found["state"]?.string == "mining", "\(miner.address)")
                #expect(
                    (found["hashrate_ths"]?.double ?? 0) > miner.hashrate.terahashesPerSecond / 2, "\(miner.address)")
                for key in [
                    "make", "firmware", "firmware_version", "serial", "power_w", "power_measured", "power_target_w",
                    "errors",
                ] {
                    #expect(found[key] != nil, "key \(key) missing for \(miner.address)")
                }
            }
            // Sorted by address.
            let listed = miners.compactMap { $0["ip"]?.string?.split(separator: ".").last.flatMap { Int($0) } }
            #expect(listed == listed.sorted())

            let unidentified = json["unidentified"]?.array ?? []
            let notMiners = Dictionary(unidentified.compactMap { u in u["ip"]?.string.map { ($0, u) } }) { a, _ in a }
            #expect(Set(notMiners.keys) == [Self.webServer, Self.hung], "\(unidentified)")
            let web = try #require(notMiners[Self.webServer])
            #expect(web["open_ports"]?.array?.compactMap(\.int) == [80])
            #expect(web["reason"]?.string?.contains("no driver recognised") == true, "\(web)")
            #expect(notMiners[Self.hung]?["reason"]?.string?.contains("no probe answered") == true)
            #expect(byIP[Self.refusing] == nil && notMiners[Self.refusing] == nil)

            // The hung host costs its deadlines, no more: each stage's (with its retry) at most.
            let bound = Double(2 * scanMs + 2 * probeMs + 2 * readMs) / 1000 + 5
            #expect((json["elapsed_s"]?.double ?? .infinity) < bound, "\(json["elapsed_s"] ?? .null)")
        }
    }

    @Test func tableIsSortedWithASummaryLine() async throws {
        let config = SimulatedFleet.Configuration(
            range: "127.195.1.0/29", count: 2, mix: ["antminer-stock": 1, "vnish": 1], seed: 3, placement: .sequential)
        try await SimulatedFleet.withFleet(config) { fleet in
            let run = try await ProbeCommandTests.powerhive(["scan", "127.195.1.1-2", "--probe-timeout-ms", "3000"])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("IP") == true, "\(run.stdout)")
            let rows = lines.filter { $0.hasPrefix("127.195.1.") }
            #expect(rows.map { $0.prefix(11) } == ["127.195.1.1", "127.195.1.2"])
            for miner in fleet.groundTruth().miners {
                #expect(rows.contains { $0.contains(miner.mac) && $0.contains(miner.personality.rawValue) })
            }
            // Stock Antminer firmware reports no power: the estimate is marked.
            #expect(rows.contains { $0.contains("antminer-stock") && $0.contains("~") }, "\(run.stdout)")
            #expect(lines.last?.hasPrefix("scanned 2 hosts in ") == true, "\(run.stdout)")
            #expect(lines.last?.contains("2 miners") == true, "\(run.stdout)")
        }
    }

    @Test(arguments: [
        (["scan", "127.195.2.0/33"], "127.195.2.0/33"),
        (["scan", "127.195.2.9-127.195.2.1"], "127.195.2.9-127.195.2.1"),
        (["scan", "127.195.2.0/24", "10.0.0.0/15"], "10.0.0.0/15"),
        (["scan", "127.0.0.0/8", "--json"], "127.0.0.0/8"),
    ])
    func badTargetIsOneLineAndExitTwo(arguments: [String], named: String) async throws {
        let run = try await ProbeCommandTests.powerhive(arguments)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("'\(named)'"), "\(run.stderr)")
    }

    @Test func usageErrorsExitTwo() async throws {
        #expect(try await ProbeCommandTests.powerhive(["scan"]).status == 2)
        #expect(try await ProbeCommandTests.powerhive(["scan", "127.195.2.1", "--concurrency", "0"]).status == 2)
    }
}

/// A web server that is not a miner: answers every request with a plain page and closes.
private final class PlainWebServer: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    static func start(host: String, port: Int) async throws -> PlainWebServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(PageHandler()) }
            }
            .bind(host: host, port: port).get()
        return PlainWebServer(channel: channel)
    }

    func stop() { channel.close(promise: nil) }

    private final class PageHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let body = "<html><head><title>Welcome to nginx!</title></head><body>It works.</body></html>"
            let reply =
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + body
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: reply)))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
