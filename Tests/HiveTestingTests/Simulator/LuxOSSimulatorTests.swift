import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Testing

/// The LuxOS personality over real loopback sockets (127.203.x): LUXminer's one-session rule
/// on the wire, and the real driver through the live CGMiner transport — profile changes with
/// ATM held off and restored, curtail sleep and wake, locate, reboot, session expiry.
@Suite struct LuxOSSimulatorTests {
    struct NoHTTP: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw DriverError(.unreachable, "no HTTP in this test")
        }
    }

    private func withFleet(
        _ range: String, clock: ManualClock, _ body: (SimulatedFleet) async throws -> Void
    ) async throws {
        try await SimulatedFleet.withFleet(
            Sim.configuration(range, count: 1, mix: ["luxos": 1], seed: 5), clock: clock, body)
    }

    /// One CGMiner request over a socket, parsed.
    private func call(_ truth: MinerTruth, _ command: String, _ parameter: String? = nil) async throws -> JSONValue {
        let port = try #require(truth.ports[4028])
        var request: [String: JSONValue] = ["command": .string(command)]
        if let parameter { request["parameter"] = .string(parameter) }
        let outcome = try await LoopbackClient.exchange(
            host: truth.address, port: port, bytes: Array(JSONValue.object(request).serialized().utf8))
        return try Sim.json(outcome)
    }

    /// The registry's identification over sockets, then the driver, whose read-back waits
    /// advance the manual clock.
    private func driver(_ truth: MinerTruth, clock: ManualClock) async throws -> (any MinerDriver, DriverMatch) {
        let transport = CGMinerTCPTransport(host: truth.address, gate: MinerRequestGate())
        let registry = try DriverRegistry.builtIn
        let answers = await ProbeCollector.collect(
            registry.probes, host: truth.address, http: NoHTTP(), cgminer: transport)
        let match = try #require(registry.identify(answers))
        let type = try #require(registry.driver(match.driver))
        let context = DriverContext(
            host: truth.address, http: NoHTTP(), cgminer: transport, match: match, sleep: { clock.advance(by: $0) })
        return (type.init(context: context), match)
    }

    @Test func oneSessionAtATimeExpiringAfterAMinuteIdle() async throws {
        let clock = ManualClock()
        try await withFleet("127.203.1.0/29", clock: clock) { fleet in
            let truth = fleet.groundTruth().miners[0]
            let id = try #require(try await call(truth, "logon")["SESSION"]?[0]?["SessionID"]?.string)
            #expect(id.count == 8)
            let second = try await call(truth, "logon")
            #expect(second["STATUS"]?[0]?["Code"]?.int == 402)
            #expect(second["SESSION"] == nil)
            #expect(try await call(truth, "session")["SESSION"]?[0]?["SessionID"]?.string == id)
            let wrong = try await call(truth, "ledset", "nope,red,blink")
            #expect(wrong["STATUS"]?[0]?["STATUS"]?.string == "E")
            #expect(try await call(truth, "ledset", "\(id),red,blink")["STATUS"]?[0]?["STATUS"]?.string == "S")
            #expect(fleet.groundTruth().miners[0].locate)

            clock.advance(by: .seconds(59))  // the use above renewed it
            #expect(try await call(truth, "session")["SESSION"]?[0]?["SessionID"]?.string == id)
            clock.advance(by: .seconds(2))
            #expect(try await call(truth, "session")["SESSION"]?[0]?["SessionID"]?.string == "")
            let stale = try await call(truth, "ledset", "\(id),red,auto")
            #expect(stale["STATUS"]?[0]?["Msg"]?.string == "Invalid session id")
            let fresh = try #require(try await call(truth, "logon")["SESSION"]?[0]?["SessionID"]?.string)
            #expect(fresh != id)
        }
    }

    @Test func profileChangeOverSocketsHoldsATMOffFollowsTheProfileAndRestoresATM() async throws {
        let clock = ManualClock()
        try await withFleet("127.203.2.0/29", clock: clock) { fleet in
            let truth = fleet.groundTruth().miners[0]
            let (driver, match) = try await driver(truth, clock: clock)
            #expect(match.driver == "luxos")
            #expect(match.firmwareVersion == LuxOSPersonality.firmwareVersion)
            let status = try await driver.status()
            #expect(status.state == .mining)
            #expect(status.powerPreset == "default")
            #expect(abs((status.power?.value ?? 0) - 2794) < 2794 * 0.03)
            let boards = try await driver.telemetry()
            #expect(boards.map(\.chips.count) == [77, 77, 77])

            let outcome = try await driver.apply(.selectPreset("240MHz"))
            #expect(outcome.result == .pending, "\(outcome)")
            #expect(outcome.readBack == "profile 240MHz")
            let records = fleet.groundTruth().commands.map(\.request)
            #expect(records == ["atmset enabled=false", "profileset 240MHz (ATM off)", "atmset enabled=true"])
            #expect(try await call(truth, "config")["CONFIG"]?[0]?["IsAtmEnabled"]?.bool == true)
            #expect(try await driver.status().state == .tuning)

            clock.advance(by: LuxOSPersonality.timing.change)
            let settled = fleet.groundTruth().miners[0]
            #expect(settled.setting == "240MHz")
            #expect(abs(settled.power.value - 978) < 978 * 0.03)
            #expect(try await driver.apply(.selectPreset("240MHz")).result == .verified)
            #expect(try await driver.powerControl().current == .preset("240MHz"))
        }
    }

    @Test func curtailSleepSurvivesARebootAndWakeRampsBack() async throws {
        let clock = ManualClock()
        try await withFleet("127.203.3.0/29", clock: clock) { fleet in
            let truth = fleet.groundTruth().miners[0]
            let (driver, _) = try await driver(truth, clock: clock)
            let sleep = try await driver.apply(.sleep)
            #expect(sleep.result == .pending, "\(sleep)")
            #expect(sleep.readBack == "curtail Sleep")
            clock.advance(by: LuxOSPersonality.timing.sleep)
            #expect(fleet.groundTruth().miners[0].activity == .sleeping)
            #expect(try await driver.apply(.sleep).result == .verified)
            #expect(try await driver.powerControl().current == .sleeping)

            #expect(try await driver.apply(.reboot).result == .pending)
            clock.advance(by: LuxOSPersonality.timing.reboot + .seconds(1))
            #expect(try await driver.status().state == .sleeping)

            let wake = try await driver.apply(.wake)
            #expect(wake.result == .pending, "\(wake)")
            clock.advance(by: LuxOSPersonality.timing.wake)
            #expect(fleet.groundTruth().miners[0].activity == .mining)
            #expect(try await driver.apply(.wake).result == .verified)
            let commands = fleet.groundTruth().commands.compactMap(\.command)
            #expect(commands == [.sleep, .reboot, .wake])
        }
    }

    @Test func anExpiredSessionIsRenewedByTheDriver() async throws {
        let clock = ManualClock()
        try await withFleet("127.203.4.0/29", clock: clock) { fleet in
            let truth = fleet.groundTruth().miners[0]
            let (driver, _) = try await driver(truth, clock: clock)
            #expect(try await driver.apply(.locate(true)).result == .verified)
            clock.advance(by: LuxOSPersonality.sessionIdleLifetime + .seconds(1))
            #expect(try await driver.apply(.locate(false)).result == .verified)
            #expect(!fleet.groundTruth().miners[0].locate)
            #expect(fleet.groundTruth().commands.compactMap(\.command) == [.locate(true), .locate(false)])
        }
    }
}
