import HiveProtocols

/// Identity of a driver instance, to tell shared instances from new ones.
final class InstanceToken: Sendable {}

/// A driver that follows its host's script (found through the context's transport).
struct FakeMinerDriver: MinerDriver {
    static let descriptor = DriverDescriptor(
        id: "fake", displayName: "Fake", makes: ["Test"], ports: [80], probes: [], isStock: false,
        defaultCredentials: Credentials(username: "fake-default", password: "x"),
        capabilities: [.boardTelemetry, .chipTelemetry])

    static func identify(_ answers: ProbeAnswers) -> DriverMatch? { nil }

    let context: DriverContext
    let token = InstanceToken()
    init(context: DriverContext) { self.context = context }

    var capabilities: Capabilities { Self.descriptor.capabilities }

    private func perform() async throws {
        guard let miner = context.http as? ScriptedMiner else {
            throw DriverError(.unreachable, "no scripted miner", endpoint: context.host)
        }
        try await miner.perform()
    }

    func identity() async throws -> MinerIdentity { MinerIdentity(make: "Test", model: "Fake") }

    func status() async throws -> MinerStatus {
        try await perform()
        return MinerStatus(
            state: .mining, hashrateRealtime: .terahashes(100), hashrateAverage: .terahashes(99), power: Watts(3000),
            boardTempMin: Celsius(50), boardTempMax: Celsius(60), chipTempMin: Celsius(65), chipTempMax: Celsius(75),
            fans: [RPM(4000), RPM(4200)],
            pools: [MinerStatus.Pool(url: "stratum+tcp://pool", alive: true, accepted: 5)],
            uptimeSeconds: 600)
    }

    func telemetry() async throws -> [BoardTelemetry] {
        try await perform()
        return (0..<3).map { board in
            BoardTelemetry(
                index: board, hashrate: .terahashes(33), frequency: Megahertz(500), voltage: Volts(13.2),
                boardTemps: [Celsius(55)], chipTemps: [Celsius(70)], chipsExpected: 4, chipsWorking: 4,
                chips: (0..<4).map {
                    ChipReading(index: $0, temperature: Celsius(70 + Double($0)), frequency: Megahertz(500))
                })
        }
    }

    func powerControl() async throws -> PowerControl {
        PowerControl(mechanism: .none, canSleep: false, settleSeconds: 0)
    }

    func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        throw DriverError(.unsupported, "read-only fake")
    }
}

/// A fake driver without board telemetry (never telemetry-polled).
struct FakeBasicDriver: MinerDriver {
    static let descriptor = DriverDescriptor(
        id: "fake-basic", displayName: "Fake basic", makes: ["Test"], ports: [80], probes: [], isStock: true,
        capabilities: [])

    static func identify(_ answers: ProbeAnswers) -> DriverMatch? { nil }

    let inner: FakeMinerDriver
    init(context: DriverContext) { inner = FakeMinerDriver(context: context) }

    var capabilities: Capabilities { [] }
    func identity() async throws -> MinerIdentity { try await inner.identity() }
    func status() async throws -> MinerStatus { try await inner.status() }
    func telemetry() async throws -> [BoardTelemetry] { throw DriverError(.unsupported, "no telemetry") }
    func powerControl() async throws -> PowerControl { try await inner.powerControl() }
    func apply(_ command: MinerCommand) async throws -> CommandOutcome { try await inner.apply(command) }
}
