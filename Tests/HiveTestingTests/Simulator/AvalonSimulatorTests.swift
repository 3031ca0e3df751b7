import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Testing

/// The Avalon personality over real loopback sockets (127.204.x), driven by the real driver
/// through the live CGMiner transport: both generations' reply shapes, modes, soft power-off
/// and -on scheduled on the miner's clock, the LED, and one request at a time.
@Suite struct AvalonSimulatorTests {
    struct NoHTTP: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw DriverError(.unreachable, "no HTTP on an Avalon")
        }
    }

    private func withFleet(
        _ range: String, clock: ManualClock, _ body: (SimulatedFleet) async throws -> Void
    )
        async throws
    {
        try await SimulatedFleet.withFleet(
            Sim.configuration(range, count: 6, mix: ["avalon": 1], seed: 5), clock: clock, body)
    }

    /// Identifies the miner from the registry's probes, then makes its driver.
    private func driver(_ miner: MinerTruth, clock: ManualClock) async throws -> (AvalonDriver, DriverMatch) {
        let transport = CGMinerTCPTransport(
            host: miner.address, gate: MinerRequestGate(),
            configuration: CGMinerTCPTransport.Configuration(connectTimeout: .seconds(10), deadline: .seconds(15)))
        let registry = try DriverRegistry.builtIn
        let answers = await ProbeCollector.collect(
            registry.probes, host: miner.address, http: NoHTTP(), cgminer: transport)
        let match = try #require(registry.identify(answers))
        let context = DriverContext(
            host: miner.address, http: NoHTTP(), cgminer: transport, match: match, sleep: { clock.advance(by: $0) })
        return (AvalonDriver(context: context), match)
    }

    @Test func aSeriesModesSleepLocateOverSockets() async throws {
        let clock = ManualClock()
        try await withFleet("127.204.1.0/29", clock: clock) { fleet in
            let truth = try #require(fleet.groundTruth().miners.first { $0.model == "AvalonMiner 15-194" })
            let (driver, match) = try await driver(truth, clock: clock)
            #expect(match.driver == "avalon")
            #expect(match.firmwareVersion == "24102401_25462b2_9ddf522")
            let identity = try await driver.identity()
            #expect(identity.mac == truth.mac)
            #expect(identity.serial == truth.serial)
            let status = try await driver.status()
            #expect(status.state == .mining)
            #expect(status.powerSource == .measured)
            #expect(status.powerPreset == "high")
            let boards = try await driver.telemetry()
            #expect(boards.count == 3)
            #expect(boards.allSatisfy { $0.chips.count == 160 && $0.chipsWorking == 160 })

            let normal = try await driver.apply(.setMode(.normal))
            #expect(normal.result == .pending, "A-series modes apply at the next reboot: \(normal)")
            #expect(normal.readBack == "mode normal")
            clock.advance(by: AvalonPersonality.timing.change)
            #expect(try await driver.apply(.setMode(.normal)).result == .verified)
            #expect(try await driver.apply(.setMode(.low)).result == .rejected)

            let sleep = try await driver.apply(.sleep)
            #expect(sleep.result == .pending, "\(sleep)")
            clock.advance(by: AvalonPersonality.timing.sleep)
            #expect(try await driver.status().state == .sleeping)
            #expect(try await driver.apply(.sleep).result == .verified)
            #expect(try await driver.apply(.wake).result == .pending)
            clock.advance(by: AvalonPersonality.timing.wake)
            #expect(try await driver.status().state == .mining)

            #expect(try await driver.apply(.locate(true)).result == .verified)
            #expect(fleet.groundTruth().miners[truth.index].locate)
            let commands = fleet.groundTruth().commands.filter { $0.miner == truth.index }.map(\.command)
            #expect(commands == [.setMode(.normal), .sleep, .wake, .locate(true)])
        }
    }

    @Test func avalonQHasThreeModesAndNoLocate() async throws {
        let clock = ManualClock()
        try await withFleet("127.204.2.0/29", clock: clock) { fleet in
            let truth = try #require(fleet.groundTruth().miners.first { $0.model == "Avalon Q" })
            let (driver, match) = try await driver(truth, clock: clock)
            #expect(match.model == "Avalon Q")
            #expect(!driver.capabilities.contains(.locate))
            let control = try await driver.powerControl()
            guard case .modes(let modes) = control.mechanism else {
                Issue.record("expected modes, got \(control.mechanism)")
                return
            }
            #expect(modes.map(\.kind) == [.low, .normal, .high])
            #expect(control.current == .mode(.high))
            #expect(!control.interruptsHashing)
            let boards = try await driver.telemetry()
            #expect(boards.count == 1)
            #expect(boards[0].chips.count == 160)
            #expect(boards[0].boardTemps.count == 2)

            let low = try await driver.apply(.setMode(.low))
            #expect(low.result == .verified, "\(low)")
            clock.advance(by: AvalonPersonality.timing.change)
            let power = try #require(try await driver.status().power)
            let expected = AvalonPersonality.models[2].nominalPower.value * 0.48
            #expect(abs(power.value - expected) < expected * 0.05, "\(power)")
            await #expect(throws: DriverError.self) { try await driver.apply(.locate(true)) }
        }
    }
}
