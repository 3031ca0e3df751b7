public import HiveProtocols
import NIOConcurrencyHelpers

/// A fleet of simulated miners on loopback addresses, each serving its firmware's real wire
/// behaviour on its firmware's ports, with faults, plus (optionally) a plant API.
///
/// ```swift
/// let clock = ManualClock()
/// let config = SimulatedFleet.Configuration(
///     range: "127.77.0.0/24", count: 50, mix: ["antminer-stock": 1, "vnish": 1], faults: [.hung: 0.02], seed: 7)
/// try await SimulatedFleet.withFleet(config, clock: clock) { fleet in
///     // … point PowerHive at 127.77.0.0/24, send it commands …
///     clock.advance(by: .seconds(20))
///     let truth = fleet.groundTruth()   // addresses, MACs, real power, commands received
/// }
/// ```
///
/// `start(_:clock:)` and ``stop()`` do the same for code that cannot use a closure (the CLI).
///
/// Time comes from the injected clock and state is computed when a request arrives, so a
/// `ManualClock` drives every delay, flap, move and plant profile; only the `slow` fault and
/// the latency range use real time (they are socket behaviour). ``stop()`` closes every socket.
public final class SimulatedFleet: Sendable {
    /// The configuration it was started with.
    public let configuration: Configuration
    /// Every miner, by index.
    public let miners: [SimulatedMiner]
    /// The plant API, when the configuration asked for one.
    public let plant: SimulatedPlant?

    let nodes: [MinerNode]
    let sockets: SocketPool
    let clock: SimulationClock
    private let stopped = NIOLockedValueBox(false)

    private init(
        configuration: Configuration, nodes: [MinerNode], plant: SimulatedPlant?, sockets: SocketPool,
        clock: SimulationClock
    ) {
        self.configuration = configuration
        self.nodes = nodes
        self.miners = nodes.map(\.miner)
        self.plant = plant
        self.sockets = sockets
        self.clock = clock
    }

    /// Validates the configuration, builds the fleet and binds every miner's ports (and the
    /// plant's), concurrently. On failure nothing stays bound.
    public static func start(
        _ configuration: Configuration, clock: any Clock<Duration> = ContinuousClock()
    )
        async throws -> SimulatedFleet
    {
        let layout = try FleetLayout(configuration)
        let simulationClock = SimulationClock(clock, epoch: configuration.epoch ?? SimulatedPlant.wallClockNow())
        let nodes = layout.entries.map { entry in
            makeNode(entry, configuration: configuration, clock: simulationClock)
        }
        let sockets = SocketPool()
        do {
            try await bind(nodes, ports: configuration.ports, sockets: sockets)
            var plant: SimulatedPlant?
            if let plantConfiguration = configuration.plant {
                let miners = nodes.map(\.miner)
                plant = try await SimulatedPlant.start(plantConfiguration, clock: simulationClock) {
                    miners.reduce(Watts.zero) { $0 + $1.power }
                }
            }
            return SimulatedFleet(
                configuration: configuration, nodes: nodes, plant: plant, sockets: sockets, clock: simulationClock)
        } catch {
            await sockets.close()
            throw error
        }
    }

    /// Starts a fleet, runs `body`, and stops the fleet however `body` ends.
    public static func withFleet<T: Sendable>(
        _ configuration: Configuration, clock: any Clock<Duration> = ContinuousClock(),
        _ body: (SimulatedFleet) async throws -> T
    ) async throws -> T {
        let fleet = try await start(configuration, clock: clock)
        do {
            let result = try await body(fleet)
            await fleet.stop()
            return result
        } catch {
            await fleet.stop()
            throw error
        }
    }

    /// Closes every listener and connection (the plant's too). Idempotent.
    public func stop() async {
        let first = stopped.withLockedValue { stopped -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        await sockets.close()
        await plant?.stop()
    }

    /// Clock time since the fleet started.
    public var now: Duration { clock.now }

    /// The miner answering at `address` now.
    public func miner(at address: String) -> SimulatedMiner? { miners.first { $0.address == address } }

    /// The miner with this MAC.
    public func miner(mac: String) -> SimulatedMiner? { miners.first { $0.mac == mac } }

    /// The fleet's total real power draw now.
    public var totalPower: Watts { miners.reduce(Watts.zero) { $0 + $1.power } }

    /// Requests the miners have received so far (HTTP requests and CGMiner calls that reached
    /// a miner's sockets while it was reachable, hung and garbled ones included).
    public var requestsReceived: UInt64 {
        miners.reduce(0) { total, miner in total + miner.state.withLockedValue { $0.requests } }
    }

    /// Everything true about the fleet now.
    public func groundTruth() -> GroundTruth {
        let miners = miners.map { $0.truth() }
        let commands = miners.flatMap(\.commands).sorted { ($0.time, $0.miner) < ($1.time, $1.miner) }
        return GroundTruth(time: clock.now, miners: miners, commands: commands)
    }

    private static func makeNode(
        _ entry: FleetLayout.Entry, configuration: Configuration, clock: SimulationClock
    )
        -> MinerNode
    {
        let type = entry.personality
        let mac = ([0x02] + (0..<5).map { UInt64(SeededNoise.hash(entry.seed, 0x3AC, UInt64($0)) & 0xFF) })
            .map { $0 < 16 ? "0" + String($0, radix: 16, uppercase: true) : String($0, radix: 16, uppercase: true) }
            .joined(separator: ":")
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        var generator = SeededGenerator(seed: entry.seed, 0x5E41)
        let serial = String((0..<17).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        let hostname = "Antminer-" + mac.replacingColons.suffix(6).lowercased()
        let miner = SimulatedMiner(
            .init(
                index: entry.index, personality: type.id, model: entry.model, identity: (mac, serial, hostname),
                seed: entry.seed, clock: clock, timing: configuration.timing ?? type.timing,
                credentials: configuration.credentials[type.id] ?? type.defaultCredentials,
                faultSettings: configuration.faultSettings, noise: configuration.noise, latency: configuration.latency,
                setting: type.initialSetting(for: entry.model), address: entry.address, moveTo: entry.moveTo,
                faults: entry.faults))
        return MinerNode(miner: miner, personality: type.init(miner: miner))
    }
}

extension String {
    fileprivate var replacingColons: String { filter { $0 != ":" } }
}
