import HiveProtocols

/// Where every miner goes, what it runs and how it misbehaves: a pure function of the
/// configuration and its seed, computed (and validated) before anything binds.
struct FleetLayout: Sendable {
    struct Entry: Sendable {
        var index: Int
        var personality: any MinerPersonality.Type
        var model: SimulatedModel
        var address: String
        var moveTo: String?
        var faults: Set<FaultKind>
        var seed: UInt64
    }

    var entries: [Entry]

    init(_ configuration: SimulatedFleet.Configuration) throws(SimulatorError) {
        let config = configuration
        guard config.count >= 1 else { throw .invalid("count must be at least 1 (got \(config.count))") }
        guard let range = IPv4Range(config.range) else {
            throw .invalid("range '\(config.range)' is not a CIDR block such as 127.77.0.0/22")
        }
        guard range.isLoopback else {
            throw .invalid("range \(range) is outside 127.0.0.0/8; the simulator only binds loopback addresses")
        }
        let kinds = try Self.personalityCounts(config)
        let faultCounts = try Self.faultCounts(config)
        guard config.noise >= 0, config.noise < 1 else { throw .invalid("noise \(config.noise) is not in 0..<1") }
        if let latency = config.latency, latency.lowerBound < .zero {
            throw .invalid("latency \(latency) starts below zero")
        }

        // Addresses: the range's hosts minus the plant's, seeded or in order.
        var hosts = range.hosts
        if let plant = config.plant, let address = IPv4Range.parse(address: plant.host) {
            hosts.removeAll { $0 == address }
        }
        var generator = SeededGenerator(seed: config.seed, 0xADD2)
        if config.placement == .random { hosts.shuffle(using: &generator) }
        guard hosts.count >= config.count else {
            throw .invalid("range \(range) has \(hosts.count) usable addresses; \(config.count) miners do not fit")
        }
        let homes =
            config.placement == .random ? hosts.prefix(config.count).sorted() : Array(hosts.prefix(config.count))
        var spares = hosts.dropFirst(config.count)
        let addresses = homes.map(IPv4Range.format)

        // Faults: by address first, then each kind's share on its own miners.
        var faults = Array(repeating: Set<FaultKind>(), count: config.count)
        for (address, kinds) in config.faultsByAddress {
            guard let index = addresses.firstIndex(of: address) else {
                throw .invalid(
                    "faultsByAddress names \(address), where no miner is placed (range \(range), \(config.placement))")
            }
            faults[index].formUnion(kinds)
        }
        var free = (0..<config.count).filter { faults[$0].isEmpty }.shuffled(using: &generator)[...]
        for kind in FaultKind.allCases {
            let wanted = faultCounts[kind] ?? 0
            guard free.count >= wanted else {
                throw .invalid("faults need more miners than the \(config.count) in the fleet (at \(kind))")
            }
            for index in free.prefix(wanted) { faults[index].insert(kind) }
            free = free.dropFirst(wanted)
        }

        // Personalities and models.
        var assignment: [any MinerPersonality.Type] = []
        for share in kinds { assignment += Array(repeating: share.type, count: share.count) }
        assignment.shuffle(using: &generator)
        var entries: [Entry] = []
        for index in 0..<config.count {
            let type = assignment[index]
            let seed = SeededNoise.hash(config.seed, UInt64(index))
            let models = type.models
            guard !models.isEmpty else { throw .invalid("personality \(type.id) offers no models") }
            let model = models[Int(SeededNoise.hash(seed, 0x30DE1) % UInt64(models.count))]
            var moveTo: String?
            if faults[index].contains(.move) {
                guard let spare = spares.popFirst() else {
                    throw .invalid("range \(range) has no free address left for moving miner \(index)")
                }
                moveTo = IPv4Range.format(spare)
            }
            entries.append(
                Entry(
                    index: index, personality: type, model: model, address: addresses[index], moveTo: moveTo,
                    faults: faults[index], seed: seed))
        }
        self.entries = entries
    }

    /// How many miners run a personality.
    struct Share {
        var type: any MinerPersonality.Type
        var weight: Int
        var count = 0
    }

    /// Miners per personality, by largest remainder over the weights.
    private static func personalityCounts(_ config: SimulatedFleet.Configuration) throws(SimulatorError) -> [Share] {
        guard !config.mix.isEmpty else { throw .invalid("mix is empty") }
        var shares: [Share] = []
        for id in config.mix.keys.sorted() {
            let weight = config.mix[id] ?? 0
            guard let type = config.personality(id) else {
                let known = config.personalities.map { $0.id.rawValue }.joined(separator: ", ")
                throw .invalid("unknown personality '\(id)' in mix (known: \(known))")
            }
            guard weight >= 0 else { throw .invalid("mix weight \(weight) for \(id) is negative") }
            if weight > 0 { shares.append(Share(type: type, weight: weight)) }
        }
        let total = shares.reduce(0) { $0 + $1.weight }
        guard total > 0 else { throw .invalid("mix has no positive weight") }
        var assigned = 0
        for index in shares.indices {
            shares[index].count = config.count * shares[index].weight / total
            assigned += shares[index].count
        }
        let order = shares.indices.sorted { a, b in
            let ra = config.count * shares[a].weight % total
            let rb = config.count * shares[b].weight % total
            return ra != rb ? ra > rb : a < b
        }
        for index in order where assigned < config.count {
            shares[index].count += 1
            assigned += 1
        }
        return shares
    }

    /// Miners per fault kind: the share of the count, rounded, at least one for a share above 0.
    private static func faultCounts(_ config: SimulatedFleet.Configuration) throws(SimulatorError) -> [FaultKind: Int] {
        var counts: [FaultKind: Int] = [:]
        for (kind, share) in config.faults {
            guard share.isFinite, (0...1).contains(share) else {
                throw .invalid("fault share \(share) for \(kind) is not between 0 and 1")
            }
            counts[kind] = share > 0 ? max(1, Int((share * Double(config.count)).rounded())) : 0
        }
        let total = counts.values.reduce(0, +)
        guard total <= config.count else {
            throw .invalid("faults need \(total) miners but the fleet has \(config.count)")
        }
        return counts
    }
}
