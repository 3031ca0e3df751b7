import HiveHost
import NIOCore
import NIOPosix
import Testing

@Suite("PassiveDiscoveryListener")
struct PassiveDiscoveryListenerTests {
    /// Sends one datagram from `from` (port 0) to `to:port`, all on loopback.
    static func send(_ payload: String, from: String, to: String, port: Int) async throws {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: from, port: 0).get()
        let target = try SocketAddress(ipAddress: to, port: port)
        let envelope = AddressedEnvelope(remoteAddress: target, data: ByteBuffer(string: payload))
        try await channel.writeAndFlush(envelope).get()
        try await channel.close()
    }

    @Test("datagrams on either port become reports on the stream", .timeLimit(.minutes(1)))
    func receives() async throws {
        let listener = try await PassiveDiscoveryListener.bind(.init(host: "127.53.2.1", ports: [0, 0]))
        #expect(listener.boundPorts.count == 2)
        #expect(listener.boundPorts.allSatisfy { $0 > 0 })
        var reports = listener.reports.makeAsyncIterator()

        try await Self.send(
            "10.0.0.5,aa:bb:cc:dd:ee:01", from: "127.53.2.2", to: "127.53.2.1", port: listener.boundPorts[0])
        let first = await reports.next()
        try await Self.send(
            "IP:10.0.0.6MAC:AA:BB:CC:DD:EE:02", from: "127.53.2.3", to: "127.53.2.1", port: listener.boundPorts[1])
        let second = await reports.next()
        try await Self.send("no address here", from: "127.53.2.4", to: "127.53.2.1", port: listener.boundPorts[0])
        try await Self.send(
            "hello,AA:BB:CC:DD:EE:04", from: "127.53.2.4", to: "127.53.2.1", port: listener.boundPorts[0])
        let fourth = await reports.next()  // the third was dropped
        await listener.close()
        let afterClose = await reports.next()

        #expect(
            first
                == IPReport(
                    ip: "10.0.0.5", mac: "AA:BB:CC:DD:EE:01", sender: "127.53.2.2", port: listener.boundPorts[0]))
        #expect(
            second
                == IPReport(
                    ip: "10.0.0.6", mac: "AA:BB:CC:DD:EE:02", sender: "127.53.2.3", port: listener.boundPorts[1]))
        #expect(
            fourth
                == IPReport(
                    ip: "127.53.2.4", mac: "AA:BB:CC:DD:EE:04", sender: "127.53.2.4", port: listener.boundPorts[0]))
        #expect(afterClose == nil)
    }

    @Test("a port that cannot be bound is named, and nothing stays bound")
    func bindFailure() async throws {
        let first = try await PassiveDiscoveryListener.bind(.init(host: "127.53.2.9", ports: [0]))
        let taken = first.boundPorts[0]
        let error = await #expect(throws: PassiveDiscoveryListener.BindError.self) {
            _ = try await PassiveDiscoveryListener.bind(.init(host: "127.53.2.9", ports: [0, taken]))
        }
        await first.close()
        #expect(error?.port == taken)
        #expect(error?.description.contains("127.53.2.9:\(taken)") == true)
    }
}
