import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Testing

/// The Whatsminer personality over real loopback sockets, driven by the real driver through
/// the live CGMiner transport: API v2 (encrypted writes the simulator decrypts and checks) on
/// the M50S, API v3 (length-prefixed, salted tokens) on the M60S.
@Suite struct WhatsminerSimulatorTests {
    /// No web interface on a Whatsminer: every HTTP request is refused.
    struct NoHTTP: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw DriverError(.unreachable, "no HTTP in this test")
        }
    }

    private func withFleet(
        _ range: String, clock: ManualClock, _ body: (SimulatedFleet) async throws -> Void
    ) async throws {
        try await SimulatedFleet.withFleet(
            Sim.configuration(range, count: 6, mix: ["whatsminer": 1], seed: 3), clock: clock, body)
    }

    /// Identifies the miner from the registry's probes, then makes its driver.
    private func driver(
        _ miner: MinerTruth, credentials: Credentials? = nil
    ) async throws -> (WhatsminerDriver, DriverMatch) {
        let transport = CGMinerTCPTransport(host: miner.address, gate: MinerRequestGate())
        let registry = try DriverRegistry.builtIn
        let answers = await registry.collectProbes(host: miner.address, http: NoHTTP(), cgminer: transport)
        let match = try #require(registry.identify(answers))
        let context = DriverContext(
            host: miner.address, http: NoHTTP(), cgminer: transport, credentials: credentials, match: match)
        return (WhatsminerDriver(context: context), match)
    }

    @Test func apiV2EncryptedWritesOverSockets() async throws {
        let clock = ManualClock()
        try await withFleet("127.202.1.0/29", clock: clock) { fleet in
            let truth = try #require(fleet.groundTruth().miners.first { $0.model == "Whatsminer M50S" })
            let (driver, match) = try await driver(truth)
            #expect(match.driver == "whatsminer")
            #expect(match.model == "Whatsminer M50S")
            #expect(match.firmwareVersion == "20230803.11.REL")
            let identity = try await driver.identity()
            #expect(identity.mac == truth.mac)
            let status = try await driver.status()
            #expect(status.state == .mining)
            #expect(abs((status.power?.value ?? 0) - 3276) < 3276 * 0.05)
            #expect(status.powerTarget == Watts(3276))
            #expect(try await driver.telemetry().count == 3)

            let limited = try await driver.apply(.setPowerTarget(Watts(3000)))
            #expect(limited.result == .pending, "\(limited)")
            #expect(limited.readBack == "power limit 3000 W")
            #expect(try await driver.powerControl().interruptsHashing)
            clock.advance(by: .seconds(300))
            #expect(abs(fleet.groundTruth().miners[truth.index].power.value - 3000) < 3000 * 0.03)

            #expect(try await driver.apply(.sleep).result == .verified)
            clock.advance(by: .seconds(10))
            #expect(fleet.groundTruth().miners[truth.index].activity == .sleeping)
            #expect(try await driver.apply(.wake).result == .pending)
            clock.advance(by: .seconds(120))
            #expect(fleet.groundTruth().miners[truth.index].activity == .mining)

            #expect(try await driver.apply(.locate(true)).result == .verified)
            #expect(fleet.groundTruth().miners[truth.index].locate)
            #expect(try await driver.apply(.setPowerTarget(Watts(9000))).result == .rejected)
            let commands = fleet.groundTruth().commands.filter { $0.miner == truth.index }.map(\.command)
            #expect(commands == [.setPowerTarget(Watts(3000)), .sleep, .wake, .locate(true)])
        }
    }

    @Test func apiV2WrongPasswordIsAnAuthenticationFailure() async throws {
        try await withFleet("127.202.2.0/29", clock: ManualClock()) { fleet in
            let truth = try #require(fleet.groundTruth().miners.first { $0.model == "Whatsminer M50S" })
            let (driver, _) = try await driver(truth, credentials: Credentials(username: "admin", password: "wrong"))
            await #expect(throws: DriverError.self) { try await driver.apply(.sleep) }
            do {
                _ = try await driver.apply(.sleep)
            } catch let error as DriverError {
                #expect(error.kind == .authenticationFailed)
                #expect(!"\(error)".contains("wrong"))
            }
            #expect(fleet.groundTruth().commands.isEmpty)
        }
    }

    @Test func apiV3SaltedWritesOverLengthPrefixedSockets() async throws {
        let clock = ManualClock()
        try await withFleet("127.202.3.0/29", clock: clock) { fleet in
            let truth = try #require(fleet.groundTruth().miners.first { $0.model == "Whatsminer M60S" })
            #expect(truth.ports[4433] != nil)
            let (driver, match) = try await driver(truth)
            #expect(match.firmwareVersion == "20251209.16.Rel2")
            let identity = try await driver.identity()
            #expect(identity.serial == truth.serial)
            #expect(identity.model == "Whatsminer M60S")
            #expect(try await driver.status().state == .mining)
            #expect(try await driver.telemetry().map(\.chipsWorking) == [75, 75, 75])

            #expect(try await driver.apply(.setPowerTarget(Watts(3000))).result == .pending)
            clock.advance(by: .seconds(300))
            #expect(abs(fleet.groundTruth().miners[truth.index].power.value - 3000) < 3000 * 0.03)
            #expect(try await driver.apply(.sleep).readBack == "mining off")
            #expect(try await driver.apply(.locate(true)).result == .verified)
            #expect(try await driver.apply(.reboot).result == .pending)
            let commands = fleet.groundTruth().commands.filter { $0.miner == truth.index }.map(\.command)
            #expect(commands == [.setPowerTarget(Watts(3000)), .sleep, .locate(true), .reboot])
        }
    }

    @Test func lengthPrefixedFramingOnTheWire() async throws {
        try await withFleet("127.202.4.0/29", clock: ManualClock()) { fleet in
            let truth = try #require(fleet.groundTruth().miners.first { $0.model == "Whatsminer M60S" })
            let request = Array(#"{"cmd":"get.miner.status","param":"summary"}"#.utf8)
            let length = UInt32(request.count)
            let framed = (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + request
            let outcome = try await LoopbackClient.exchange(host: truth.address, port: 4433, bytes: framed)
            let reply = try #require(outcome.bytes)
            let declared = reply.prefix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            #expect(declared == reply.count - 4)
            let json = try TolerantJSONReader.parse(reply.dropFirst(4))
            #expect(json["code"]?.int == 0)
            #expect(json["msg"]?["summary"]?["power-limit"]?.int == 3441)

            // The same miner's 4028 API answers reads but not v2 tokens.
            let version = try Sim.json(try await TestCGMiner.send("get_version", host: truth.address))
            #expect(version["Msg"]?["fw_ver"]?.string == "20251209.16.Rel2")
            let token = try Sim.json(try await TestCGMiner.send("get_token", host: truth.address))
            #expect(token["STATUS"]?[0]?["STATUS"]?.string == "E")
        }
    }
}
