import HiveProtocols
import HiveTesting

/// Shared helpers for the simulator tests.
enum Sim {
    /// A fixed start time for timestamps: 2025-11-13T02:13:20Z.
    static let epoch: Double = 1_763_000_000

    /// A configuration with deterministic defaults for tests.
    static func configuration(
        _ range: String, count: Int, mix: [DriverID: Int], seed: UInt64 = 7,
        ports: SimulatedFleet.Configuration.Ports = .firmware,
        placement: SimulatedFleet.Configuration.Placement = .sequential, faults: [FaultKind: Double] = [:],
        faultsByAddress: [String: Set<FaultKind>] = [:], faultSettings: FaultSettings = FaultSettings(),
        latency: ClosedRange<Duration>? = nil, plant: SimulatedPlant.Configuration? = nil
    ) -> SimulatedFleet.Configuration {
        SimulatedFleet.Configuration(
            range: range, count: count, mix: mix, faults: faults, faultsByAddress: faultsByAddress, latency: latency,
            seed: seed, plant: plant, ports: ports, placement: placement, faultSettings: faultSettings, epoch: epoch)
    }

    /// The HTTP endpoint of a miner.
    static func http(_ miner: MinerTruth, port: Int = 80) throws -> TestHTTP {
        guard let bound = miner.ports[port] else { throw Missing(what: "port \(port) of miner \(miner.index)") }
        return TestHTTP(host: miner.address, port: bound)
    }

    /// The bytes before the NUL terminator, parsed tolerantly.
    static func json(_ outcome: LoopbackClient.Outcome) throws -> JSONValue {
        guard let bytes = outcome.bytes else { throw Missing(what: "reply (got \(outcome))") }
        return try TolerantJSONReader.parse(bytes.prefix { $0 != 0 })
    }

    struct Missing: Error, CustomStringConvertible {
        var what: String
        var description: String { "missing \(what)" }
    }
}

extension WireResponse {
    /// The body parsed tolerantly.
    var json: JSONValue {
        get throws { try TolerantJSONReader.parse(body) }
    }
}
