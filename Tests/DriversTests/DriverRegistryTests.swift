import Drivers
import HiveProtocols
import Testing

@Suite struct DriverRegistryTests {
    @Test func builtInHasUniqueIDsAndCustomBeforeStock() throws {
        let registry = try DriverRegistry.builtIn
        let ids = registry.drivers.map { $0.id }
        #expect(Set(ids).count == ids.count)
        let stockFlags = registry.drivers.map { $0.descriptor.isStock }
        if let firstStock = stockFlags.firstIndex(of: true) {
            #expect(!stockFlags[firstStock...].contains(false), "custom firmware must come before stock")
        }
    }

    @Test func duplicateIDsAreRejected() {
        #expect(throws: DriverRegistry.DuplicateDriverError.self) {
            try DriverRegistry([FakeDriver.self, FakeDriver.self])
        }
    }

    @Test func customMatchBeatsStockRegardlessOfOrder() throws {
        let registry = try DriverRegistry([FakeStockDriver.self, FakeDriver.self])
        let match = registry.identify(ProbeAnswers(host: "h"))
        #expect(match?.driver == "fake")
        #expect(registry.matches(for: ProbeAnswers(host: "h")).map(\.driver) == ["fake", "fake-stock"])
    }

    @Test func probesAreDeduplicated() throws {
        let registry = try DriverRegistry([FakeStockDriver.self, FakeDriver.self])
        #expect(registry.probes == [.webRoot, .cgminerVersion])
        #expect(registry.ports == [80, 4028])
    }
}

struct FakeDriver: MinerDriver {
    static let descriptor = DriverDescriptor(
        id: "fake", displayName: "Fake", makes: [], ports: [80], probes: [.webRoot], isStock: false, capabilities: [])
    static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        DriverMatch(driver: id, confidence: .medium, isStock: false)
    }
    init(context: DriverContext) {}
    var capabilities: Capabilities { [] }
    func identity() async throws -> MinerIdentity { MinerIdentity() }
    func status() async throws -> MinerStatus { MinerStatus() }
    func telemetry() async throws -> [BoardTelemetry] { [] }
    func powerControl() async throws -> PowerControl {
        PowerControl(mechanism: .none, canSleep: false, settleSeconds: 0)
    }
    func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        throw DriverError(.unsupported, "fake")
    }
}

struct FakeStockDriver: MinerDriver {
    static let descriptor = DriverDescriptor(
        id: "fake-stock", displayName: "Fake stock", makes: [], ports: [4028, 80], probes: [.webRoot, .cgminerVersion],
        isStock: true, capabilities: [])
    static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        DriverMatch(driver: id, confidence: .high, isStock: true)
    }
    init(context: DriverContext) {}
    var capabilities: Capabilities { [] }
    func identity() async throws -> MinerIdentity { MinerIdentity() }
    func status() async throws -> MinerStatus { MinerStatus() }
    func telemetry() async throws -> [BoardTelemetry] { [] }
    func powerControl() async throws -> PowerControl {
        PowerControl(mechanism: .none, canSleep: false, settleSeconds: 0)
    }
    func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        throw DriverError(.unsupported, "fake")
    }
}
