import Drivers
import HiveHost
import HiveProtocols
import HiveTesting
import Testing

/// Every driver against its simulator personality over real sockets and the live transports
/// (the daemon's path): identification through the registry, reads that agree with the
/// simulator's ground truth, and every supported command with a truthful outcome.
///
/// Parametrised over the personalities that have a driver, so a new driver with its
/// personality is covered without new test code. Each runs on 127.193.<n>.0/28 (n = its
/// position in `SimulatorPersonalities.builtIn`) on a `ManualClock`: the drivers' read-back
/// waits advance it, and the test advances it past the control delay.
@Suite struct SimulatorConformanceTests {
    /// A personality with a driver of the same id.
    struct Covered: Sendable, CustomTestStringConvertible {
        var id: DriverID
        var index: Int
        var testDescription: String { id.rawValue }
    }

    static let covered: [Covered] = SimulatorPersonalities.builtIn.enumerated().compactMap { index, type in
        let registry = try? DriverRegistry.builtIn
        return registry?.driver(type.id) == nil ? nil : Covered(id: type.id, index: index)
    }

    /// The simulated delay of every control command (and reboot): longer than any read-back
    /// wait a driver makes within one `apply`.
    static let controlDelay: Duration = .seconds(30)

    @Test func everyBuiltInDriverHasAPersonality() throws {
        let simulated = Set(SimulatorPersonalities.builtIn.map { $0.id })
        let drivers = try DriverRegistry.builtIn.drivers.map { $0.id }
        #expect(drivers.filter { !simulated.contains($0) } == [], "drivers without a simulator personality")
        #expect(!Self.covered.isEmpty)
    }

    @Test(arguments: covered) func driverAgreesWithGroundTruthOverRealSockets(_ covered: Covered) async throws {
        let registry = try DriverRegistry.builtIn
        let clock = ManualClock()
        let configuration = SimulatedFleet.Configuration(
            range: "127.193.\(covered.index).0/28", count: 3, mix: [covered.id: 1], seed: 11, placement: .sequential,
            timing: .uniform(Self.controlDelay), epoch: 1_763_000_000)
        let client = HTTPClientFactory.makeClient()
        do {
            try await SimulatedFleet.withFleet(configuration, clock: clock) { fleet in
                let factory = LiveTransportFactory(httpClient: client)
                for miner in fleet.groundTruth().miners {
                    let check = MinerCheck(
                        fleet: fleet, index: miner.index, clock: clock, registry: registry, factory: factory,
                        expected: covered.id)
                    try await check.run()
                }
            }
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// The conformance checks for one simulated miner.
struct MinerCheck {
    let fleet: SimulatedFleet
    let index: Int
    let clock: ManualClock
    let registry: DriverRegistry
    let factory: LiveTransportFactory
    let expected: DriverID

    var truth: MinerTruth { fleet.groundTruth().miners[index] }

    func run() async throws {
        let start = truth
        let host = start.address
        let (http, cgminer) = factory.transports(for: host)
        let answers = await registry.collectProbes(host: host, http: http, cgminer: cgminer)
        let match = try #require(registry.identify(answers), "\(host): no driver matched \(answers)")
        #expect(match.driver == expected, "\(host) identified as \(match.driver)")
        let driverType = try #require(registry.driver(expected))
        let clock = self.clock
        let driver = driverType.init(
            context: DriverContext(
                host: host, http: http, cgminer: cgminer, credentials: driverType.descriptor.defaultCredentials,
                match: match, sleep: { clock.advance(by: $0) }))
        let model = fleet.miners[index].model

        let identity = try await driver.identity()
        #expect(identity.model == start.model, "\(host)")
        #expect(identity.mac == start.mac, "\(host)")
        if let serial = identity.serial { #expect(serial == start.serial, "\(host)") }
        if let hostname = identity.hostname { #expect(hostname == start.hostname, "\(host)") }

        let status = try await driver.status()
        #expect(status.state == .mining, "\(host)")
        let rate = try #require(status.hashrateRealtime ?? status.hashrateAverage, "\(host): no hash rate")
        #expect(Self.near(rate.value, start.hashrate.value, 0.03), "\(host): \(rate) vs \(start.hashrate)")
        let power = try #require(status.power, "\(host): no power")
        let powerTolerance = status.powerSource == .measured ? 0.03 : 0.10
        #expect(Self.near(power.value, start.power.value, powerTolerance), "\(host): \(power) vs \(start.power)")
        #expect(!status.pools.isEmpty, "\(host): no pools")

        let boards = try await driver.telemetry()
        #expect(boards.count == model.chains, "\(host): \(boards.count) boards")
        let boardRate = boards.compactMap { $0.hashrate?.value }.reduce(0, +)
        #expect(Self.near(boardRate, start.hashrate.value, 0.05), "\(host): boards sum to \(boardRate)")

        let control = try await driver.powerControl()
        if let current = control.current { #expect(Self.agrees(current, truth), "\(host): \(current) vs \(truth)") }

        let commands = plan(capabilities: driver.capabilities, control: control)
        let controls: Capabilities = [.modes, .presets, .powerTarget, .sleep, .locate, .reboot]
        if !driver.capabilities.isDisjoint(with: controls) {
            #expect(!commands.isEmpty, "\(host): \(driver.capabilities.names) but no command to try")
        }
        for command in commands {
            try await exercise(command, driver: driver)
        }
    }

    /// Every command the driver supports, each undone where it can be.
    func plan(capabilities: Capabilities, control: PowerControl) -> [MinerCommand] {
        var commands: [MinerCommand] = []
        switch control.mechanism {
        case .modes(let modes) where capabilities.contains(.modes):
            let other = modes.first { PowerControl.Setting.mode($0.kind) != control.current }
            if let other { commands += [.setMode(other.kind)] }
            if case .mode(let kind) = control.current { commands += [.setMode(kind)] }
        case .presets(let presets):
            let tuned = presets.filter { $0.tuned && !$0.isStock && !$0.requiresModdedPSU }
            let others = tuned.filter { PowerControl.Setting.preset($0.name) != control.current }
            if capabilities.contains(.presets), let first = others.first { commands.append(.selectPreset(first.name)) }
            if capabilities.contains(.powerTarget), let last = others.last, let watts = last.watts {
                commands.append(.setPowerTarget(watts))
            }
        default:
            break
        }
        if capabilities.contains(.sleep) { commands += [.sleep, .wake] }
        if capabilities.contains(.locate) { commands += [.locate(true), .locate(false)] }
        if capabilities.contains(.reboot) { commands.append(.reboot) }
        return commands
    }

    /// Applies `command`: the right ground-truth record, a truthful outcome, and the change
    /// in effect once the simulated delay has passed.
    func exercise(_ command: MinerCommand, driver: any MinerDriver) async throws {
        let host = truth.address
        let recorded = truth.commands.count
        let outcome = try await driver.apply(command)
        let after = truth
        let received = after.commands.dropFirst(recorded).compactMap(\.command)
        #expect(received.contains { Self.records(command, $0) }, "\(host) \(command): received \(received)")
        #expect([.verified, .pending].contains(outcome.result), "\(host) \(command): \(outcome)")
        switch outcome.result {
        case .pending:
            #expect(!Self.settled(command, after), "\(host) \(command): pending but already in effect: \(after)")
            #expect((outcome.settleSeconds ?? 0) > 0, "\(host) \(command): pending without settleSeconds")
        case .verified:
            #expect(Self.configured(command, after), "\(host) \(command): verified but the miner is \(after)")
        default:
            break
        }

        clock.advance(by: SimulatorConformanceTests.controlDelay + .seconds(1))
        let settled = truth
        #expect(Self.settled(command, settled), "\(host) \(command): not in effect after the delay: \(settled)")
        switch command {
        case .reboot:
            #expect(try await driver.status().state == .mining, "\(host): not mining after the reboot")
        case .locate:
            break
        default:
            let again = try await driver.apply(command)
            #expect(again.result == .verified, "\(host) \(command) after the delay: \(again)")
        }
    }

    /// Whether a ground-truth record is what `command` should have sent.
    static func records(_ command: MinerCommand, _ record: MinerCommand) -> Bool {
        switch (command, record) {
        case (.setPowerTarget, .selectPreset): true
        case (.wake, .setMode(.normal)): true
        default: command == record
        }
    }

    /// Whether the miner has been told to do what `command` asks (the read-back side).
    static func configured(_ command: MinerCommand, _ truth: MinerTruth) -> Bool {
        switch command {
        case .setMode(let kind): truth.configuredSetting == kind.rawValue
        case .selectPreset(let name): truth.configuredSetting == name
        case .setPowerTarget: truth.configuredSetting != truth.setting || truth.activity == .mining
        case .sleep: truth.activity == .sleeping
        case .wake: truth.activity != .sleeping
        case .locate(let on): truth.locate == on
        case .reboot: truth.activity == .rebooting
        }
    }

    /// Whether `command` is fully in effect: the setting runs and power follows it.
    static func settled(_ command: MinerCommand, _ truth: MinerTruth) -> Bool {
        let mining = truth.activity == .mining && truth.setting == truth.configuredSetting && truth.reachable
        switch command {
        case .setMode(let kind): return mining && truth.setting == kind.rawValue
        case .selectPreset(let name): return mining && truth.setting == name
        case .setPowerTarget(let watts): return mining && truth.power.value <= watts.value * 1.03
        case .sleep: return truth.activity == .sleeping && truth.hashrate.value == 0
        case .wake, .reboot: return mining && truth.hashrate.value > 0
        case .locate(let on): return truth.locate == on
        }
    }

    /// Whether the driver's current setting is what the simulator runs.
    static func agrees(_ current: PowerControl.Setting, _ truth: MinerTruth) -> Bool {
        switch current {
        case .mode(let kind): truth.configuredSetting == kind.rawValue
        case .preset(let name): truth.configuredSetting == name
        case .sleeping: truth.activity == .sleeping
        case .watts(let watts): near(watts.value, truth.power.value, 0.10)
        }
    }

    static func near(_ value: Double, _ reference: Double, _ tolerance: Double) -> Bool {
        abs(value - reference) <= abs(reference) * tolerance
    }
}
