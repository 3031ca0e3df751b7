import HiveProtocols
import HiveTesting
import Testing

@Suite struct FleetConfigurationTests {
    typealias Configuration = SimulatedFleet.Configuration

    @Test func parsesMix() throws {
        #expect(try Configuration.parse(mix: "antminer-stock:40, vnish:30") == ["antminer-stock": 40, "vnish": 30])
    }

    @Test(arguments: [
        ("antminer-stock", "is not <personality>:<weight>"),
        ("antminer-stock:x", "is not a whole number"),
        ("vnish:1,vnish:2", "names vnish twice"),
        ("vnish:0", "no positive weight"),
        (" , ", "is empty"),
    ])
    func rejectsBadMix(text: String, message: String) {
        expectInvalid(message) { _ = try Configuration.parse(mix: text) }
    }

    @Test func parsesFaultsAsPercentOrFraction() throws {
        let faults = try Configuration.parse(faults: "hung:1%,slow:2%, garbage:0.01")
        #expect(faults == [.hung: 0.01, .slow: 0.02, .garbage: 0.01])
    }

    @Test(arguments: [
        ("melt:1%", "unknown fault 'melt' (known: hung, slow, garbage, refuse, auth, flap, move)"),
        ("hung:150%", "not between 0 and 100%"),
        ("hung:lots", "is not a number"),
        ("hung", "is not <kind>:<share>"),
    ])
    func rejectsBadFaults(text: String, message: String) {
        expectInvalid(message) { _ = try Configuration.parse(faults: text) }
    }

    @Test func parsesLatency() throws {
        #expect(try Configuration.parse(latency: "5-40ms") == .milliseconds(5) ... .milliseconds(40))
        #expect(try Configuration.parse(latency: "1s") == .seconds(1) ... .seconds(1))
        expectInvalid("needs a unit") { _ = try Configuration.parse(latency: "5-40") }
        expectInvalid("0 ≤ low ≤ high") { _ = try Configuration.parse(latency: "40-5ms") }
    }

    @Test func validationNamesTheProblem() {
        expectInvalid("unknown personality 'no-such-firmware' in mix (known: antminer-stock, ") {
            try Configuration(range: "127.1.0.0/24", count: 3, mix: ["no-such-firmware": 1]).validate()
        }
        expectInvalid("range 127.1.0.0/30 has 2 usable addresses; 5 miners do not fit") {
            try Configuration(range: "127.1.0.0/30", count: 5).validate()
        }
        expectInvalid("outside 127.0.0.0/8") { try Configuration(range: "10.0.0.0/24", count: 1).validate() }
        expectInvalid("is not a CIDR block") { try Configuration(range: "127.1.0/24", count: 1).validate() }
        expectInvalid("faults need 5 miners but the fleet has 4") {
            try Configuration(range: "127.1.0.0/24", count: 4, faults: [.hung: 0.5, .slow: 0.5, .auth: 0.01]).validate()
        }
        expectInvalid("count must be at least 1") { try Configuration(range: "127.1.0.0/24", count: 0).validate() }
        expectInvalid("no free address left for moving") {
            try Configuration(range: "127.1.0.0/30", count: 2, faults: [.move: 0.5]).validate()
        }
        expectInvalid("faultsByAddress names 127.1.0.9, where no miner is placed") {
            try Configuration(
                range: "127.1.0.0/24", count: 2, faultsByAddress: ["127.1.0.9": [.hung]], placement: .sequential
            ).validate()
        }
    }

    @Test func sameSeedSameFleetOtherSeedOtherFleet() async throws {
        let clock = ManualClock()
        let config = Sim.configuration(
            "127.182.1.0/24", count: 12, mix: ["antminer-stock": 1, "vnish": 1], seed: 99, ports: .ephemeral,
            placement: .random)
        var other = config
        other.seed = 100
        let first = try await SimulatedFleet.start(config, clock: clock)
        let second = try await SimulatedFleet.start(config, clock: clock)
        let third = try await SimulatedFleet.start(other, clock: clock)
        let identity = { (truth: GroundTruth) in
            truth.miners.map { "\($0.address) \($0.mac) \($0.personality) \($0.model) \($0.serial) \($0.hostname)" }
        }
        #expect(identity(first.groundTruth()) == identity(second.groundTruth()))
        #expect(identity(first.groundTruth()) != identity(third.groundTruth()))
        #expect(first.groundTruth().totalPower == second.groundTruth().totalPower)
        let addresses = first.groundTruth().miners.map(\.address)
        #expect(
            addresses
                == addresses.sorted {
                    $0.split(separator: ".").map { Int($0)! }.lexicographicallyPrecedes(
                        $1.split(separator: ".").map { Int($0)! })
                })
        #expect(Set(first.groundTruth().miners.map(\.personality)) == ["antminer-stock", "vnish"])
        await first.stop()
        await second.stop()
        await third.stop()
    }

    private func expectInvalid(
        _ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected an error containing '\(message)'", sourceLocation: sourceLocation)
        } catch let error as SimulatorError {
            #expect(error.kind == .invalidConfiguration, sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }
}
