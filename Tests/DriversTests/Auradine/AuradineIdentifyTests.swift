import Foundation
import HiveProtocols
import HiveTesting
import Testing

@testable import Drivers

/// Auradine identification from gcminer's `version` reply, and no confusion with the other
/// CGMiner firmwares.
@Suite struct AuradineIdentifyTests {
    static let fixtures = Bundle.module.url(forResource: "DriverFixtures", withExtension: nil)!

    static func answers(version: [UInt8]) -> ProbeAnswers {
        var answers = ProbeAnswers(host: "192.0.2.70", openPorts: [4028, 8080])
        answers.answers[.cgminerVersion] = .cgminer(version)
        answers.answers[.cgminerDevdetails] = .cgminer(
            Array(#"{"STATUS":[{"STATUS":"E","Code":14,"Msg":"Invalid command"}],"id":1}"#.utf8))
        answers.answers[.webRoot] = .failed("connection refused")
        return answers
    }

    static func recordedVersion() throws -> [UInt8] {
        let url = fixtures.appendingPathComponent("auradine/at1500-fluxos-custom-2000w/exchanges/version.body")
        return Array(try Data(contentsOf: url))
    }

    @Test func recordedGCMinerVersionIsAuradine() throws {
        let match = try #require(AuradineDriver.identify(Self.answers(version: try Self.recordedVersion())))
        #expect(match.driver == "auradine")
        #expect(match.firmwareVersion == "GCMiner-0.5-devsbXXX")
        #expect(match.confidence == .high)
        #expect(match.isStock)
        #expect(
            try DriverRegistry.builtIn.matches(for: Self.answers(version: try Self.recordedVersion())).map(\.driver)
                == ["auradine"])
    }

    @Test func fluxOSDescriptionAloneIsEnoughAndItsCommitIsDropped() throws {
        let reply =
            #"{"STATUS":[{"Code":22,"Description":"FluxOS-2024-06.11-d37c5dd4a7f8e4837e63dc99e577620cb5e9361d","#
            + #""Msg":"versions","STATUS":"S","When":1708622703}],"VERSION":[{"API":"1.0"}],"id":1}"#
        let match = try #require(AuradineDriver.identify(Self.answers(version: Array(reply.utf8))))
        #expect(match.firmwareVersion == "FluxOS-2024-06.11")
    }

    /// Every other firmware's recorded `version` reply is not Auradine's.
    @Test func otherFirmwaresVersionRepliesAreNotClaimed() throws {
        var checked = 0
        for fixture in try FixtureCase.all(in: Self.fixtures) where fixture.driverID != "auradine" {
            for exchange in fixture.exchanges
            where exchange.key == .cgminer(command: "version", parameter: nil, port: 4028) {
                #expect(AuradineDriver.identify(Self.answers(version: exchange.body)) == nil, "\(fixture)")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }

    @Test func noVersionNoMatch() {
        #expect(AuradineDriver.identify(ProbeAnswers(host: "192.0.2.71")) == nil)
        let cgminer =
            #"{"STATUS":[{"STATUS":"S","Description":"cgminer 4.11.1"}],"VERSION":[{"CGMiner":"4.11.1"}],"id":1}"#
        #expect(AuradineDriver.identify(Self.answers(version: Array(cgminer.utf8))) == nil)
    }
}
