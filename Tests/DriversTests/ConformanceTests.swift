import Drivers
import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// Every fixture case of every registered driver, replayed through the registry.
@Suite struct ConformanceTests {
    static let fixturesRoot = Bundle.module.url(forResource: "DriverFixtures", withExtension: nil)!

    static var cases: [String] {
        ((try? FixtureCase.all(in: fixturesRoot)) ?? []).map(\.description)
    }

    @Test func everyRegisteredDriverHasFixtures() throws {
        let registry = try DriverRegistry.builtIn
        let cases = try FixtureCase.all(in: Self.fixturesRoot)
        for driver in registry.drivers {
            #expect(cases.contains { $0.driverID == driver.id }, "no fixture cases for \(driver.id)")
        }
        for fixture in cases {
            #expect(registry.driver(fixture.driverID) != nil, "fixtures for unregistered driver \(fixture.driverID)")
        }
    }

    @Test(arguments: cases)
    func fixtureCase(_ name: String) async throws {
        let fixture = try FixtureCase(url: Self.fixturesRoot.appendingPathComponent(name))
        let runner = ConformanceRunner(registry: try DriverRegistry.builtIn)
        let failures = await runner.run(fixture)
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
