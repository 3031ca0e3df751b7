import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The sockets one fleet or plant owns: its listeners and every connection they accepted,
/// so that `close()` leaves nothing open.
final class SocketPool: Sendable {
    /// The protocol a listener speaks.
    enum Wire: Sendable {
        case http
        case cgminer
        /// CGMiner-style JSON with a 4-byte little-endian length prefix (Whatsminer API v3).
        case cgminerLengthPrefixed
    }

    private struct Listener {
        var channel: any Channel
        var owner: Int
    }

    private struct State {
        var listeners: [String: Listener] = [:]
        var children: [ObjectIdentifier: any Channel] = [:]
        var closed = false
    }

    private let state = NIOLockedValueBox(State())
    private let group: any EventLoopGroup

    init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    private static func key(_ address: String, _ port: Int) -> String { "\(address)#\(port)" }

    /// Binds `address`:`bindPort` (0 = ephemeral) serving `endpoint`; returns the bound port.
    func bind(
        address: String, firmwarePort: Int, bindPort: Int, wire: Wire, owner: Int, endpoint: any ServedEndpoint
    ) async throws -> Int {
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 128)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { [self] child in
                    let accepted = state.withLockedValue { state -> Bool in
                        guard !state.closed else { return false }
                        state.children[ObjectIdentifier(child)] = child
                        return true
                    }
                    guard accepted else { return child.close() }
                    child.closeFuture.whenComplete { [self] _ in
                        _ = state.withLockedValue { $0.children.removeValue(forKey: ObjectIdentifier(child)) }
                    }
                    return child.eventLoop.makeCompletedFuture {
                        let pipeline = child.pipeline.syncOperations
                        switch wire {
                        case .http:
                            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
                            try pipeline.addHandler(
                                HTTPConnectionHandler(endpoint: endpoint, address: address, port: firmwarePort))
                        case .cgminer:
                            try pipeline.addHandler(ByteToMessageHandler(CGMinerRequestDecoder()))
                            try pipeline.addHandler(
                                CGMinerConnectionHandler(endpoint: endpoint, address: address, port: firmwarePort))
                        case .cgminerLengthPrefixed:
                            try pipeline.addHandler(ByteToMessageHandler(LengthPrefixedRequestDecoder()))
                            try pipeline.addHandler(
                                CGMinerConnectionHandler(
                                    endpoint: endpoint, address: address, port: firmwarePort, lengthPrefixed: true))
                        }
                    }
                }
                .bind(host: address, port: bindPort)
                .get()
        } catch {
            throw SimulatorError(.bindFailed, "could not listen on \(address):\(bindPort)", underlying: error)
        }
        let kept = state.withLockedValue { state -> Bool in
            guard !state.closed else { return false }
            state.listeners[Self.key(address, firmwarePort)] = Listener(channel: channel, owner: owner)
            return true
        }
        guard kept else {
            try? await channel.close()
            throw SimulatorError(.stopped, "stopped while binding \(address):\(bindPort)")
        }
        return channel.localAddress?.port ?? bindPort
    }

    /// Closes the listeners on `address` owned by `owner` (the address's open connections are
    /// closed too).
    func unbind(address: String, owner: Int) async {
        let (listeners, children) = state.withLockedValue { state -> ([any Channel], [any Channel]) in
            let keys = state.listeners.filter { $0.key.hasPrefix(address + "#") && $0.value.owner == owner }.map(\.key)
            let channels = keys.compactMap { state.listeners.removeValue(forKey: $0)?.channel }
            let children = state.children.values.filter { $0.localAddress?.ipAddress == address }
            return (channels, Array(children))
        }
        for channel in listeners + children { try? await channel.close() }
    }

    /// Number of listening sockets.
    var listenerCount: Int { state.withLockedValue { $0.listeners.count } }

    /// Closes every listener, then every connection; later binds fail.
    func close() async {
        let listeners = state.withLockedValue { state -> [any Channel] in
            state.closed = true
            defer { state.listeners.removeAll() }
            return state.listeners.values.map(\.channel)
        }
        await Self.closeAll(listeners)
        let children = state.withLockedValue { Array($0.children.values) }
        await Self.closeAll(children)
    }

    private static func closeAll(_ channels: [any Channel]) async {
        await withTaskGroup(of: Void.self) { group in
            var pending = channels[...]
            for _ in 0..<min(64, pending.count) {
                guard let channel = pending.popFirst() else { break }
                group.addTask { try? await channel.close() }
            }
            while await group.next() != nil {
                if let channel = pending.popFirst() { group.addTask { try? await channel.close() } }
            }
        }
    }
}

extension SocketPool.Wire {
    /// The listener wire for a port a personality serves.
    init(_ wire: ServedPort.Wire) {
        switch wire {
        case .http: self = .http
        case .cgminer: self = .cgminer
        case .cgminerLengthPrefixed: self = .cgminerLengthPrefixed
        }
    }
}
