import HiveProtocols
import Testing

@testable import Drivers

/// Identification from the CGMiner `version` probe: LuxOS over stock Antminer on the same box.
@Suite struct LuxOSIdentifyTests {
    /// `firmware-samples/luxos/v1/cgminer__version.json` (LUXminer 2025.4.8 on an S19k Pro), compacted.
    static let recorded = #"""
        {"STATUS":[{"Code":22,"Description":"LUXminer 2025.4.8.220305-57b389c7","Msg":"LUXminer versions","STATUS":"S","When":1760242394}],"VERSION":[{"API":"3.7","CompileTime":"Tue Apr  8 22:05:35 UTC 2025","LUXminer":"2025.4.8.220305-57b389c7","Miner":"2025.4.8.220305","Type":"Antminer S19k Pro"}],"id":1}
        """#

    static func answers(version: String) -> ProbeAnswers {
        ProbeAnswers(host: "192.0.2.44", answers: [.cgminerVersion: .cgminer(Array(version.utf8))])
    }

    @Test func recordedVersionIsLuxOS() throws {
        let match = try #require(LuxOSDriver.identify(Self.answers(version: Self.recorded)))
        #expect(match.driver == "luxos")
        #expect(match.model == "Antminer S19k Pro")
        #expect(match.firmwareVersion == "2025.4.8.220305-57b389c7")
        #expect(!match.isStock && match.confidence == .high)
    }

    @Test func luxOSBeatsStockAntminerOnTheSameBox() throws {
        let registry = try DriverRegistry.builtIn
        #expect(registry.identify(Self.answers(version: Self.recorded))?.driver == "luxos")
        // The stock driver declines the LUXminer marker, so LuxOS is the only claim.
        #expect(AntminerStockDriver.identify(Self.answers(version: Self.recorded)) == nil)
        #expect(registry.matches(for: Self.answers(version: Self.recorded)).map(\.driver) == ["luxos"])
    }

    @Test func theStatusDescriptionAloneIsEnough() throws {
        let reply =
            #"{"STATUS":[{"STATUS":"S","Code":22,"Description":"LUXminer 2024.2.19.131822-ef17c0c4"}],"#
            + #""VERSION":[{"API":"3.7","Type":"Antminer S9"}],"id":1}"#
        let match = try #require(LuxOSDriver.identify(Self.answers(version: reply)))
        #expect(match.firmwareVersion == "2024.2.19.131822-ef17c0c4")
        #expect(match.model == "Antminer S9")
    }

    @Test func otherFirmwaresAreNotLuxOS() {
        let stock =
            #"{"STATUS":[{"STATUS":"S","Code":22,"Description":"cgminer 1.0.0"}],"#
            + #""VERSION":[{"BMMiner":"1.0.0","API":"3.1","Miner":"uart_trans.1.3","CompileTime":"Thu Jun 18","#
            + #""Type":"Antminer S19 Pro"}],"id":1}"#
        #expect(LuxOSDriver.identify(Self.answers(version: stock)) == nil)
        #expect(LuxOSDriver.identify(ProbeAnswers(host: "192.0.2.44")) == nil)
    }
}
