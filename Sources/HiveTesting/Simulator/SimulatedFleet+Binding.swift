extension SimulatedFleet {
    /// How many sockets are bound at the same time while starting.
    static let bindConcurrency = 64

    /// Binds every port of every miner (home address, and the second address of `move`
    /// miners), at most ``bindConcurrency`` at a time; `refuse` miners bind nothing.
    static func bind(_ nodes: [MinerNode], ports: Configuration.Ports, sockets: SocketPool) async throws {
        var jobs: [(node: MinerNode, address: String, port: ServedPort)] = []
        for node in nodes where !node.miner.faults.contains(.refuse) {
            let (home, moveTo) = node.miner.state.withLockedValue { ($0.address, $0.moveTo) }
            for address in [home] + (moveTo.map { [$0] } ?? []) {
                for port in type(of: node.personality).ports { jobs.append((node, address, port)) }
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = jobs[...]
            func addNext() {
                guard let job = pending.popFirst() else { return }
                group.addTask {
                    try await bind(job.node, address: job.address, port: job.port, ports: ports, sockets: sockets)
                }
            }
            for _ in 0..<bindConcurrency { addNext() }
            while try await group.next() != nil { addNext() }
        }
    }

    private static func bind(
        _ node: MinerNode, address: String, port: ServedPort, ports: Configuration.Ports, sockets: SocketPool
    ) async throws {
        let bound = try await sockets.bind(
            address: address, firmwarePort: port.port, bindPort: ports == .firmware ? port.port : 0,
            wire: SocketPool.Wire(port.wire), owner: node.miner.index, endpoint: node)
        node.miner.state.withLockedValue { $0.boundPorts[address, default: [:]][port.port] = bound }
    }

    /// Moves a miner, MAC and all, to `address` at once: its old sockets close, new ones open
    /// (none for a `refuse` miner). A scheduled `move` fault is cancelled.
    ///
    /// - Throws: ``SimulatorError`` when the index is unknown, the address is not a loopback
    ///   address, or another miner uses it.
    public func move(miner index: Int, to address: String) async throws {
        guard miners.indices.contains(index) else {
            throw SimulatorError(.unknownMiner, "no miner \(index) (the fleet has \(miners.count))")
        }
        guard let parsed = IPv4Range.parse(address: address), parsed >> 24 == 127 else {
            throw SimulatorError.invalid("\(address) is not a loopback address (127.0.0.0/8)")
        }
        let inUse = miners.contains { other in
            other.index != index && other.state.withLockedValue { $0.address == address || $0.moveTo == address }
        }
        guard !inUse, plant?.configuration.host != address else {
            throw SimulatorError.invalid("\(address) is already used by another simulated endpoint")
        }
        let node = nodes[index]
        let old = node.miner.state.withLockedValue { state -> [String] in
            defer {
                state.address = address
                state.moveTo = nil
                state.boundPorts = [:]
            }
            return [state.address] + (state.moveTo.map { [$0] } ?? [])
        }
        for address in old { await sockets.unbind(address: address, owner: index) }
        guard !node.miner.faults.contains(.refuse) else { return }
        for port in type(of: node.personality).ports {
            try await Self.bind(node, address: address, port: port, ports: configuration.ports, sockets: sockets)
        }
    }
}
