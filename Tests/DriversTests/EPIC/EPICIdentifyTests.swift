import Foundation
import HiveProtocols
import HiveTesting
import Testing

@testable import Drivers

/// ePIC identification: its HTTP API on port 4028 must not be confused with a CGMiner API, and
/// no other driver may claim an ePIC miner.
@Suite struct EPICIdentifyTests {
    static let fixtures = Bundle.module.url(forResource: "DriverFixtures", withExtension: nil)!
    static let recordedCase = fixtures.appendingPathComponent("epic/s19xp-1.5.13-voltage-optimizer")

    static func body(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: recordedCase.appendingPathComponent("exchanges/\(name).body")))
    }

    /// What the probe collector gathers from an ePIC miner: the HTTP summary on 4028, CGMiner
    /// probes that failed on the HTTP port (as the live transport reports an HTTP status line),
    /// 404s for the other firmwares' HTTP probes, and port 4433 closed.
    static func epicAnswers(summary: [UInt8], cgminer: ProbeAnswer? = nil) throws -> ProbeAnswers {
        var answers = ProbeAnswers(host: "192.0.2.40", openPorts: [80, 4028])
        for probe in try DriverRegistry.builtIn.probes {
            switch probe {
            case .cgminer(let request) where request.port == 4028:
                answers.answers[probe] = cgminer ?? .failed("port 4028 answered in HTTP, not the CGMiner API")
            case .cgminer:
                answers.answers[probe] = .failed("connection refused")
            case .http(let request) where request == EPICDriver.summaryProbe:
                answers.answers[probe] = .http(HTTPResponse(status: 200, body: summary))
            case .http:
                answers.answers[probe] = .http(HTTPResponse(status: 404, body: Array("<h1>404</h1>".utf8)))
            }
        }
        return answers
    }

    @Test func recordedSummaryOnPort4028IsEPIC() throws {
        let answers = try Self.epicAnswers(summary: try Self.body("summary"))
        let match = try #require(EPICDriver.identify(answers))
        #expect(match.driver == "epic")
        #expect(match.firmwareVersion == "PowerPlay-BMS v1.5.13")
        #expect(match.confidence == .high)
        #expect(!match.isStock)
    }

    @Test func noOtherDriverClaimsAnEPICMiner() throws {
        let registry = try DriverRegistry.builtIn
        let failed = try Self.epicAnswers(summary: try Self.body("summary"))
        #expect(registry.matches(for: failed).map(\.driver) == ["epic"])
        // A transport that hands back the HTTP status line as CGMiner reply bytes.
        let raw = ProbeAnswer.cgminer(Array("HTTP/1.1 400 Bad Request".utf8))
        let rawAnswers = try Self.epicAnswers(summary: try Self.body("summary"), cgminer: raw)
        #expect(registry.matches(for: rawAnswers).map(\.driver) == ["epic"])
    }

    @Test func theProbeIsHTTPOnPort4028() {
        #expect(EPICDriver.summaryProbe.port == 4028)
        #expect(EPICDriver.summaryProbe.method == "GET")
        #expect(EPICDriver.descriptor.probes.contains(.http(EPICDriver.summaryProbe)))
        #expect(EPICDriver.descriptor.probes.allSatisfy { if case .cgminer = $0 { false } else { true } })
    }

    @Test func otherJSONOn4028AndErrorsAreNotEPIC() throws {
        let notPowerPlay = Array(#"{"Software":"cgminer 4.11","Hostname":"x"}"#.utf8)
        #expect(EPICDriver.identify(try Self.epicAnswers(summary: notPowerPlay)) == nil)
        var answers = try Self.epicAnswers(summary: try Self.body("summary"))
        answers.answers[.http(EPICDriver.summaryProbe)] = .http(
            HTTPResponse(status: 404, body: try Self.body("summary")))
        #expect(EPICDriver.identify(answers) == nil)
        answers.answers[.http(EPICDriver.summaryProbe)] = .failed("invalid HTTP response")
        #expect(EPICDriver.identify(answers) == nil)
        let umcOnly = Array(#"{"Software":"v2.0.0","OS Type":"umcOS"}"#.utf8)
        #expect(EPICDriver.identify(try Self.epicAnswers(summary: umcOnly))?.firmwareVersion == "v2.0.0")
    }

    @Test func dashboardPageIsAWeakerSign() throws {
        var answers = ProbeAnswers(host: "192.0.2.41")
        answers.answers[.webRoot] = .http(
            HTTPResponse(status: 200, body: Array("<title>Miner Web Dashboard</title>".utf8)))
        let match = try #require(EPICDriver.identify(answers))
        #expect(match.confidence == .medium)
        #expect(try DriverRegistry.builtIn.identify(answers)?.driver == "epic")
    }
}
