import HiveProtocols
import HiveTesting
import Testing

@testable import HiveHost

@Suite("Driver miner controller")
struct WebDriverControllerTests {
    @Test func refusesCommandsOutsideTheDriversCapabilities() async throws {
        let fixture = try await PollingFixture(count: 1, subnet: 93)
        defer { fixture.close() }
        var record = try await fixture.record(0)
        let controller = DriverMinerController(sessions: fixture.sessions, deadline: .seconds(5))
        let error = await #expect(throws: DriverError.self) { try await controller.perform(.reboot, on: record) }
        #expect(error?.kind == .unsupported)
        record.ip = nil
        let noAddress = await #expect(throws: DriverError.self) { try await controller.perform(.reboot, on: record) }
        #expect(noAddress?.kind == .unreachable)
    }
}
