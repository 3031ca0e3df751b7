public import HiveProtocols

extension SimulatedFleet {
    /// What to simulate: where, how many, which firmwares, which faults, from which seed.
    ///
    /// The same configuration and seed always give the same fleet: addresses, personalities,
    /// models, MACs, faults and noise.
    public struct Configuration: Sendable {
        /// Which ports miners bind.
        public enum Ports: Sendable, Hashable {
            /// The firmware's own ports (80, 4028): needs root or `CAP_NET_BIND_SERVICE`.
            case firmware
            /// Port 0 on every address; the real ports are in the ground truth.
            case ephemeral
        }

        /// How miners are spread over the range.
        public enum Placement: Sendable, Hashable {
            /// At seeded random addresses, leaving gaps that refuse connections.
            case random
            /// At the range's first host addresses, in order (miner 0 at the first).
            case sequential
        }

        /// The CIDR block miners live in, inside 127.0.0.0/8, e.g. `127.77.0.0/22`.
        public var range: String
        /// How many miners.
        public var count: Int
        /// Personality id → weight, e.g. `["antminer-stock": 40, "vnish": 30]`.
        public var mix: [DriverID: Int]
        /// Fault → fraction of miners (0…1), e.g. `[.hung: 0.01]`. Each fault kind goes to its
        /// own miners (at least one when the fraction is above zero).
        public var faults: [FaultKind: Double]
        /// Faults for the miners at given addresses (on top of ``faults``).
        public var faultsByAddress: [String: Set<FaultKind>]
        /// Real-time delay added to every reply, drawn per request from this range.
        public var latency: ClosedRange<Duration>?
        /// The seed.
        public var seed: UInt64
        /// Credentials a personality accepts, by personality id (its defaults otherwise).
        public var credentials: [DriverID: Credentials]
        /// A plant API to run next to the fleet, drawing the fleet's consumption.
        public var plant: SimulatedPlant.Configuration?
        /// Firmware or ephemeral ports.
        public var ports: Ports
        /// Random or sequential placement.
        public var placement: Placement
        /// Command timing for every personality (each personality's own when `nil`).
        public var timing: ControlTiming?
        /// Parameters of the faults.
        public var faultSettings: FaultSettings
        /// Relative noise on power and hash rate (0.01 = ±1 %).
        public var noise: Double
        /// Unix time (seconds) of the simulation's start, for timestamps in replies; the wall
        /// clock at start when `nil`.
        public var epoch: Double?
        /// The personalities a mix may name.
        public var personalities: [any MinerPersonality.Type]

        /// Creates a configuration.
        public init(
            range: String, count: Int, mix: [DriverID: Int] = ["antminer-stock": 1, "vnish": 1],
            faults: [FaultKind: Double] = [:], faultsByAddress: [String: Set<FaultKind>] = [:],
            latency: ClosedRange<Duration>? = nil, seed: UInt64 = 1, credentials: [DriverID: Credentials] = [:],
            plant: SimulatedPlant.Configuration? = nil, ports: Ports = .firmware, placement: Placement = .random,
            timing: ControlTiming? = nil, faultSettings: FaultSettings = FaultSettings(), noise: Double = 0.01,
            epoch: Double? = nil, personalities: [any MinerPersonality.Type] = SimulatorPersonalities.builtIn
        ) {
            self.range = range
            self.count = count
            self.mix = mix
            self.faults = faults
            self.faultsByAddress = faultsByAddress
            self.latency = latency
            self.seed = seed
            self.credentials = credentials
            self.plant = plant
            self.ports = ports
            self.placement = placement
            self.timing = timing
            self.faultSettings = faultSettings
            self.noise = noise
            self.epoch = epoch
            self.personalities = personalities
        }

        /// Checks the configuration; the error names the problem.
        public func validate() throws(SimulatorError) {
            _ = try FleetLayout(self)
        }

        /// The personality type with this id, if configured.
        func personality(_ id: DriverID) -> (any MinerPersonality.Type)? {
            personalities.first { $0.id == id }
        }
    }
}
