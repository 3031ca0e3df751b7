import HiveProtocols
import Synchronization
import Testing

@testable import Drivers

/// VNish 2.0.x answers `version` too barely to be told apart, so the registry asks `stats` of
/// such hosts, and only of them.
@Suite struct VNishFollowUpProbeTests {
    /// A CGMiner-only host that answers from a table and counts what it was asked.
    final class CGMinerHost: HTTPTransport, CGMinerTransport, Sendable {
        let replies: [String: String]
        let asked = Mutex<[String]>([])

        init(_ replies: [String: String]) { self.replies = replies }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw DriverError(.unreachable, "no web server")
        }

        func send(_ request: CGMinerRequest) async throws -> [UInt8] {
            asked.withLock { $0.append(request.command) }
            guard let reply = replies[request.command] else { throw DriverError(.unreachable, "not answered") }
            return Array(reply.utf8)
        }
    }

    static let bareVersion =
        #"{"STATUS": [{"STATUS":"S","When":1605446911,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.11.1"}],"VERSION": [{"CGMiner":"4.11.1","API":"3.7"}],"id":1}"#
    static let stockVersion =
        #"{"STATUS": [{"STATUS": "S", "When": 1595967398, "Code": 22, "Msg": "CGMiner versions", "Description": "cgminer 1.0.0"}], "VERSION": [{"BMMiner": "1.0.0", "API": "3.1", "Miner": "49.0.1.3", "CompileTime": "Mon Jun  1 20:27:44 CST 2020", "Type": "Antminer S19 Pro"}], "id": 1}"#
    /// A stock-looking `stats` of another firmware's box: Type names no VNish.
    static let stockStats = #"{"STATUS":[{"STATUS":"S"}],"STATS":[{"Type":"Antminer S17+"},{"STATS":0,"ID":"BTM"}]}"#

    @Test func aBareVersionAsksStatsAndStatsNamingVNishIdentifiesIt() async throws {
        let host = CGMinerHost(["version": Self.bareVersion, "stats": VNishReaderTests.s17Stats])
        let registry = try DriverRegistry.builtIn
        let answers = await registry.collectProbes(host: "192.0.2.40", http: host, cgminer: host)
        #expect(host.asked.withLock { $0.filter { $0 == "stats" }.count } == 1)
        let match = try #require(registry.identify(answers))
        #expect(
            match
                == DriverMatch(
                    driver: "vnish", model: "Antminer S17+", firmwareVersion: "2.0.3", confidence: .medium,
                    isStock: false))
        #expect(VNishDriver.Generation(match: match) == .cgminer)
    }

    @Test func aVersionThatNamesItsFirmwareAsksNothingMore() async throws {
        let host = CGMinerHost(["version": Self.stockVersion, "stats": VNishReaderTests.s17Stats])
        let registry = try DriverRegistry.builtIn
        let answers = await registry.collectProbes(host: "192.0.2.41", http: host, cgminer: host)
        #expect(!host.asked.withLock { $0 }.contains("stats"))
        #expect(registry.identify(answers)?.driver == "antminer-stock")
    }

    @Test func aBareVersionWhoseStatsNameNoVNishStaysUnclaimedByVNish() async throws {
        let host = CGMinerHost(["version": Self.bareVersion, "stats": Self.stockStats])
        let registry = try DriverRegistry.builtIn
        let answers = await registry.collectProbes(host: "192.0.2.42", http: host, cgminer: host)
        #expect(host.asked.withLock { $0.filter { $0 == "stats" }.count } == 1)
        #expect(VNishDriver.identify(answers) == nil)
    }

    @Test func noFollowUpWhenThePortNeverAnswered() async throws {
        let host = CGMinerHost([:])
        let registry = try DriverRegistry.builtIn
        let answers = await registry.collectProbes(host: "192.0.2.43", http: host, cgminer: host)
        #expect(!host.asked.withLock { $0 }.contains("stats"))
        #expect(registry.identify(answers) == nil)
    }

    @Test func followUpsAreAskedOnlyOfPortsThatAnswered() {
        // The pure decision: a bare version asks stats; a stock one, an absent one or a VNish one do not.
        #expect(VNishDriver.followUpProbes(VNishReaderTests.answers(version: Self.bareVersion)).count == 1)
        #expect(VNishDriver.followUpProbes(VNishReaderTests.answers(version: Self.stockVersion)).isEmpty)
        #expect(VNishDriver.followUpProbes(VNishReaderTests.answers()).isEmpty)
        #expect(
            VNishDriver.followUpProbes(
                VNishReaderTests.answers(
                    version: Self.bareVersion, info: #"{"fw_name":"Vnish","miner":"Antminer S19","fw_version":"1.2.6"}"#
                )
            ).isEmpty)
    }
}
