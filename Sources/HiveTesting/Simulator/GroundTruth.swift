public import HiveProtocols

/// What the simulated fleet really is, at one instant: for tests to compare with what
/// PowerHive believes.
public struct GroundTruth: Sendable, Hashable {
    /// Clock time since the fleet started.
    public var time: Duration
    /// Every miner, by index.
    public var miners: [MinerTruth]
    /// Every control command any miner received, oldest first.
    public var commands: [ControlRecord]

    /// Creates a ground truth.
    public init(time: Duration, miners: [MinerTruth], commands: [ControlRecord]) {
        self.time = time
        self.miners = miners
        self.commands = commands
    }

    /// The fleet's total real power draw.
    public var totalPower: Watts { miners.reduce(Watts.zero) { $0 + $1.power } }
    /// The fleet's total real hash rate.
    public var totalHashrate: HashRate { miners.reduce(HashRate.zero) { $0 + $1.hashrate } }

    /// The miner with this MAC, wherever it is now.
    public func miner(mac: String) -> MinerTruth? { miners.first { $0.mac == mac } }
    /// The miner answering at this address now.
    public func miner(at address: String) -> MinerTruth? { miners.first { $0.address == address } }
}

/// One miner's truth at an instant.
public struct MinerTruth: Sendable, Hashable, CustomStringConvertible {
    /// Position in the fleet.
    public var index: Int
    /// The address it answers on now.
    public var address: String
    /// Firmware port → port actually bound at ``address`` (they differ in ephemeral mode);
    /// empty when nothing is bound there (`refuse`).
    public var ports: [Int: Int]
    /// Personality (firmware family) id.
    public var personality: DriverID
    /// Model name.
    public var model: String
    /// MAC address.
    public var mac: String
    /// Serial number.
    public var serial: String
    /// Hostname.
    public var hostname: String
    /// What it is doing.
    public var activity: SimulatedMiner.Activity
    /// The setting its power and hash rate currently follow.
    public var setting: String
    /// The setting it has been told to run (differs from ``setting`` until a change settles).
    public var configuredSetting: String
    /// Whether a connection to ``address`` would be answered now (not rebooting, flapped
    /// away, or refusing).
    public var reachable: Bool
    /// Real power draw.
    public var power: Watts
    /// Real hash rate.
    public var hashrate: HashRate
    /// Its faults.
    public var faults: Set<FaultKind>
    /// Whether the locate light is on.
    public var locate: Bool
    /// Control commands it received, oldest first.
    public var commands: [ControlRecord]

    /// One line for listings: address, personality, model, MAC, ports, activity, power, faults.
    public var description: String {
        let ports = self.ports.keys.sorted().map { port in
            self.ports[port] == port ? ":\(port)" : ":\(port)→\(self.ports[port] ?? 0)"
        }
        let faults = self.faults.isEmpty ? "" : " [" + self.faults.map(\.rawValue).sorted().joined(separator: ",") + "]"
        return "\(address) \(personality) \(model) \(mac) \(ports.isEmpty ? "closed" : ports.joined(separator: " ")) "
            + "\(activity.rawValue) \(setting) \(power)\(faults)"
    }
}

/// A control command a simulated miner received.
public struct ControlRecord: Sendable, Hashable, CustomStringConvertible {
    /// Clock time since the fleet started.
    public var time: Duration
    /// The miner's index.
    public var miner: Int
    /// The address it was received on.
    public var address: String
    /// The command in PowerHive's terms, when it maps to one.
    public var command: MinerCommand?
    /// What was received, in the firmware's terms (e.g. `POST /api/v1/settings preset=1100`).
    public var request: String

    /// Creates a record.
    public init(time: Duration, miner: Int, address: String, command: MinerCommand?, request: String) {
        self.time = time
        self.miner = miner
        self.address = address
        self.command = command
        self.request = request
    }

    public var description: String {
        "t+\(time) miner \(miner) (\(address)): \(command.map { "\($0)" } ?? "-") [\(request)]"
    }
}
