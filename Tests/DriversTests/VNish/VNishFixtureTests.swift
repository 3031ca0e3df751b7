import Drivers
import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// The `DriverFixtures/vnish/*` cases with VNish alone in the registry (so identification
/// does not lean on another driver), and a stricter check than the shared suite: each command
/// sends **exactly** the requests its `expected.json` lists, in order.
@Suite struct VNishFixtureTests {
    static let root = Bundle.module.url(forResource: "DriverFixtures", withExtension: nil)

    static func cases() throws -> [FixtureCase] {
        guard let root else { return [] }
        return try FixtureCase.all(in: root, driver: VNishDriver.id)
    }

    static var caseNames: [String] { ((try? cases()) ?? []).map(\.name) }

    static func fixture(_ name: String) throws -> FixtureCase {
        try #require(try cases().first { $0.name == name })
    }

    @Test func casesCoverReadsAndCommands() throws {
        #expect(try Self.cases().count >= 4)
        #expect(try Self.cases().flatMap(\.commands).count >= 10)
    }

    @Test(arguments: caseNames) func conformsWithVNishAlone(_ name: String) async throws {
        let runner = ConformanceRunner(registry: try DriverRegistry([VNishDriver.self]))
        let failures = await runner.run(try Self.fixture(name))
        #expect(failures == [])
    }

    @Test(arguments: caseNames) func commandsSendExactlyTheListedRequests(_ name: String) async throws {
        let fixture = try Self.fixture(name)
        let match = try #require(await Self.match(fixture))
        for command in fixture.commands {
            let transport = ReplayTransport(case: fixture, command: command)
            let driver = VNishDriver(
                context: DriverContext(
                    host: "127.0.0.1", http: transport, cgminer: transport, credentials: fixture.credentials,
                    match: match))
            _ = try await driver.apply(command.command)
            let expected = (command.expected["sent"]?.array ?? []).compactMap(\.string)
            #expect(transport.sent.map(\.description) == expected, "\(name)/\(command.name)")
        }
    }

    /// Identification from the case's recordings of VNish's own probes and follow-ups.
    static func match(_ fixture: FixtureCase) async -> DriverMatch? {
        let transport = ReplayTransport(case: fixture)
        let registry = try? DriverRegistry([VNishDriver.self])
        guard let answers = await registry?.collectProbes(host: "127.0.0.1", http: transport, cgminer: transport)
        else { return nil }
        return VNishDriver.identify(answers)
    }
}
