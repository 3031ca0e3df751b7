import Drivers
import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// The Bitaxe personality over real loopback sockets (127.205.x), driven by the real driver
/// through a plain HTTP/1.1 client: the frequency ladder, pause / resume on AxeOS 2.14 only,
/// restart. (The live AsyncHTTPClient transport runs it in `SimulatorConformanceTests`.)
@Suite struct BitaxeSimulatorTests {
    struct NoCGMiner: CGMinerTransport {
        func send(_ request: CGMinerRequest) async throws -> [UInt8] {
            throw DriverError(.unreachable, "no CGMiner API on AxeOS")
        }
    }

    /// One request per connection to the miner's port 80.
    struct LoopbackHTTP: HTTPTransport {
        var endpoint: TestHTTP

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let headers = request.headers.map { ($0.name, $0.value) }
            let response = try await endpoint.response(
                request.method, request.path, headers: headers, body: request.body ?? [])
            return HTTPResponse(
                status: response.status, headers: response.headers.map { HTTPHeader($0.0, $0.1) },
                body: response.body)
        }
    }

    @Test func frequencyPauseAndRestartOverSockets() async throws {
        let clock = ManualClock()
        try await SimulatedFleet.withFleet(
            Sim.configuration("127.205.1.0/29", count: 6, mix: ["bitaxe": 1], seed: 5), clock: clock
        ) { fleet in
            let registry = try DriverRegistry.builtIn
            for truth in fleet.groundTruth().miners {
                let http = LoopbackHTTP(endpoint: try Sim.http(truth))
                let answers = await ProbeCollector.collect(
                    registry.probes, host: truth.address, http: http, cgminer: NoCGMiner())
                let match = try #require(registry.identify(answers))
                #expect(match.driver == "bitaxe")
                #expect(match.model == truth.model)
                let driver = BitaxeDriver(
                    context: DriverContext(
                        host: truth.address, http: http, cgminer: NoCGMiner(), match: match,
                        sleep: { clock.advance(by: $0) }))
                let gamma = truth.model == "Bitaxe Gamma"
                #expect(driver.capabilities.contains(.sleep) == gamma)
                #expect(try await driver.status().state == .mining)

                let control = try await driver.powerControl()
                guard case .presets(let presets) = control.mechanism else {
                    Issue.record("expected a frequency ladder, got \(control.mechanism)")
                    return
                }
                #expect(presets.allSatisfy { $0.watts == nil })
                #expect(control.current == .preset(gamma ? "525" : "490"))
                let slower = try await driver.apply(.selectPreset("400"))
                #expect(slower.result == .verified, "\(slower)")
                clock.advance(by: BitaxePersonality.timing.change)
                let rate = try #require(try await driver.status().hashrateRealtime)
                let expected = 400.0 * (gamma ? 2040 : 1276) / 1000
                #expect(abs(rate.gigahashesPerSecond - expected) < expected * 0.05, "\(rate)")

                if gamma {
                    #expect(try await driver.apply(.sleep).result == .verified)
                    clock.advance(by: BitaxePersonality.timing.sleep)
                    #expect(try await driver.status().state == .sleeping)
                    #expect(try await driver.apply(.wake).result == .verified)
                } else {
                    await #expect(throws: DriverError.self) { try await driver.apply(.sleep) }
                }
                #expect(try await driver.apply(.reboot).result == .pending)
                clock.advance(by: BitaxePersonality.timing.reboot + .seconds(1))
            }
            let kinds = fleet.groundTruth().commands.compactMap(\.command)
            #expect(kinds.contains(.selectPreset("400")))
        }
    }
}
