import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Testing

/// The Auradine personality over real loopback sockets (127.207.x): gcminer on 4028, the token
/// web API on 8080, driven by the real driver through the live transports.
@Suite struct AuradineSimulatorTests {
    private func withFleet(
        _ range: String, clock: ManualClock = ManualClock(), _ body: (SimulatedFleet) async throws -> Void
    ) async throws {
        try await SimulatedFleet.withFleet(Sim.configuration(range, count: 1, mix: ["auradine": 1]), clock: clock, body)
    }

    @Test func theWebAPINeedsAToken() async throws {
        try await withFleet("127.207.1.0/29") { fleet in
            let web = try Sim.http(fleet.groundTruth().miners[0], port: 8080)
            #expect(try await web.response("GET", "/mode").status == 401)
            let wrong = try await web.post("/token", json: #"{"command":"token","user":"admin","password":"x"}"#)
            #expect(wrong.status == 401)
            let issued = try await web.post("/token", json: #"{"command":"token","user":"admin","password":"admin"}"#)
            let token = try #require(try issued.json["Token"]?[0]?["Token"]?.string)
            let mode = try await web.response("GET", "/mode", headers: [("Token", token)]).json
            #expect(mode["Mode"]?[0]?["Sleep"]?.string == "off")
            #expect(mode["Mode"]?[0]?["Power"]?.int == 2000)
        }
    }

    @Test func theDriverReadsAndControlsItOverSockets() async throws {
        let clock = ManualClock()
        try await withFleet("127.207.2.0/29", clock: clock) { fleet in
            let truth = fleet.groundTruth().miners[0]
            let client = HTTPClientFactory.makeClient()
            do {
                let factory = LiveTransportFactory(httpClient: client)
                let (http, cgminer) = factory.transports(for: truth.address)
                let registry = try DriverRegistry.builtIn
                let answers = await ProbeCollector.collect(
                    registry.probes, host: truth.address, http: http, cgminer: cgminer)
                let match = try #require(registry.identify(answers))
                #expect(match.driver == "auradine")
                #expect(match.firmwareVersion == "FluxOS-2024-06.11")
                let driver = AuradineDriver(
                    context: DriverContext(
                        host: truth.address, http: http, cgminer: cgminer, match: match,
                        sleep: { clock.advance(by: $0) }))
                #expect(try await driver.identity().serial == truth.serial)
                let boards = try await driver.telemetry()
                #expect(boards.count == 3)
                #expect(boards.allSatisfy { $0.chipsExpected == 132 && $0.chips.count == 132 })

                let control = try await driver.powerControl()
                #expect(control.mechanism == .continuous(min: Watts(1726), max: Watts(3452), step: Watts(1)))
                let rejected = try await driver.apply(.setPowerTarget(Watts(4000)))
                #expect(rejected.result == .rejected)
                let target = try await driver.apply(.setPowerTarget(Watts(2600)))
                #expect(target.result == .verified, "\(target)")
                #expect(target.readBack == "power target 2600 W")
                clock.advance(by: AuradinePersonality.timing.retune + .seconds(1))
                #expect(abs(fleet.groundTruth().miners[0].power.value - 2600) < 2600 * 0.03)

                // A reboot ends the token; the driver asks for a new one once.
                #expect(try await driver.apply(.reboot).result == .pending)
                clock.advance(by: AuradinePersonality.timing.reboot + .seconds(1))
                let status = try await driver.status()
                #expect(status.state == .mining)
                #expect(status.powerTarget == Watts(2600))
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }
}
