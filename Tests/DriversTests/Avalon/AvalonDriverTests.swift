import Foundation
import HiveProtocols
import Testing

@testable import Drivers

/// Avalon behaviour beyond the fixture cases: the `estats` fallback, one command at a time with
/// no joined commands, the state words, the power sources, identification against other
/// firmwares.
@Suite struct AvalonDriverTests {
    /// Answers each command from a table and logs what was asked, in order.
    final class Scripted: CGMinerTransport, Sendable {
        actor Log {
            var requests: [String] = []
            var inFlight = 0
            var overlapped = false
            func begin(_ request: String) {
                requests.append(request)
                inFlight += 1
                if inFlight > 1 { overlapped = true }
            }
            func end() { inFlight -= 1 }
        }

        let replies: [String: String]
        let log = Log()

        init(_ replies: [String: String]) { self.replies = replies }

        func send(_ request: CGMinerRequest) async throws -> [UInt8] {
            let key = request.command + (request.parameter.map { "(\($0))" } ?? "")
            await log.begin(key)
            await Task.yield()
            await log.end()
            guard let reply = replies[key] ?? replies[request.command] else {
                throw DriverError(.unexpectedResponse, "no reply scripted for \(key)")
            }
            return Array(reply.utf8)
        }

        func driver(model: String = "AvalonMiner 15-194") -> AvalonDriver {
            AvalonDriver(
                context: DriverContext(
                    host: "192.0.2.20", http: NoHTTP(), cgminer: self,
                    match: DriverMatch(driver: "avalon", model: model, confidence: .high, isStock: true)))
        }
    }

    struct NoHTTP: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw DriverError(.unreachable, "no HTTP on an Avalon")
        }
    }

    static func stats(_ mm: String, key: String = "MM ID0", when: Int = 100) -> String {
        #"{"STATUS":[{"STATUS":"S","When":\#(when),"Code":70,"Msg":"CGMiner stats"}],"STATS":[{"STATS":0,"ID":"AVA100","Elapsed":50,"\#(key)":"\#(mm)"}],"id":1}"#
    }

    static let pools = #"{"STATUS":[{"STATUS":"S","Code":7,"Msg":"0 Pool(s)"}],"POOLS":[],"id":1}"#

    @Test func emptyStatsFallsBackToEstats() async throws {
        let transport = Scripted([
            "stats": Self.stats(""),
            "estats": Self.stats(
                "SYSTEMSTATU[Work: In Work, Hash Board: 1 ] GHSspd[100.00] MGHS[100.00] PS[0 1 2 3 900 5]"),
            "pools": Self.pools,
        ])
        let status = try await transport.driver().status()
        #expect(status.state == .mining)
        #expect(status.hashrateRealtime == HashRate.gigahashes(100))
        #expect(status.power == Watts(900), "six PS values: the 5th is the hash boards' output power")
        #expect(await transport.log.requests == ["stats", "estats", "pools"])
    }

    @Test func readsSendOneCommandAtATimeAndNeverJoinThem() async throws {
        let transport = Scripted([
            "stats": Self.stats("SYSTEMSTATU[Work: In Work, Hash Board: 1 ] MGHS[1.00] WORKMODE[1] MPO[3000]"),
            "pools": Self.pools,
            "ascset(0,workmode,0)":
                #"{"STATUS":[{"STATUS":"I","Code":118,"Msg":"ASC 0 set info: WORKMODE[0]"}],"id":1}"#,
        ])
        let driver = transport.driver()
        _ = try await driver.status()
        _ = try await driver.telemetry()
        _ = try await driver.powerControl()
        _ = try await driver.apply(.setMode(.normal))
        let requests = await transport.log.requests
        #expect(requests == ["stats", "pools", "stats", "stats", "stats", "ascset(0,workmode,0)", "stats"])
        #expect(!requests.contains { $0.contains("+") })
        #expect(await transport.log.overlapped == false)
    }

    @Test func stateWords() throws {
        func state(_ mm: String) throws -> MinerStatus.State {
            let reply = try TolerantJSONReader.parse(Self.stats(mm))
            return AvalonReader.state(try #require(AvalonStats(reply: reply)))
        }
        #expect(try state("SYSTEMSTATU[Work: In Work, Hash Board: 3 ]") == .mining)
        #expect(try state("SYSTEMSTATU[Work: Out Over Hot, Hash Board: 3 ]") == .failure)
        #expect(try state("SYSTEMSTATU[Work: In Idle, Hash Board: 3 ] SoftOFF[0]") == .unknown)
        #expect(try state("SYSTEMSTATU[Work: In Idle, Hash Board: 3 ] SoftOFF[1]") == .sleeping)
        #expect(
            try state("SYSTEMSTATU[Work: In Idle, Hash Board: 1] SoftOffTime[20] SoftOnTime[10] SoftOFF[4]")
                == .sleeping)
        #expect(
            try state("SYSTEMSTATU[Work: In Idle, Hash Board: 1] SoftOffTime[10] SoftOnTime[20] SoftOFF[4]") == .unknown
        )
        #expect(try state("Ver[x]") == .unknown)
    }

    @Test func wallPowerPrefersWallpowerThenPsSeventhValue() throws {
        func power(_ mm: String) throws -> Watts? {
            try #require(AvalonStats(reply: try TolerantJSONReader.parse(Self.stats(mm)))).wallPower
        }
        #expect(try power("PS[0 1209 1187 297 3526 1188 3731] WALLPOWER[3700]") == Watts(3700))
        #expect(try power("PS[0 1214 1316 242 3189 1320 3504]") == Watts(3504))
        #expect(try power("PS[0 1196 1284 230 2953 1284]") == Watts(2953))
        #expect(try power("PS[0 1196]") == nil)
    }

    @Test func familyFromModel() {
        #expect(AvalonFamily(model: "Avalon Q") == .homeQ)
        #expect(AvalonFamily(model: "AvalonMiner 15-194") == .aSeries)
        #expect(AvalonFamily(model: nil) == .aSeries)
        #expect(!Scripted([:]).driver(model: "Avalon Q").capabilities.contains(.locate))
        #expect(Scripted([:]).driver().capabilities.contains(.locate))
    }

    @Test func identificationIsAvalonOnlyForAvalonVersions() throws {
        func answers(_ version: String) -> ProbeAnswers {
            ProbeAnswers(host: "192.0.2.1", answers: [.cgminerVersion: .cgminer(Array(version.utf8))])
        }
        let q =
            #"{"STATUS":[{"STATUS":"S"}],"VERSION":[{"PROD":"Avalon Q","MODEL":"Q","LVERSION":"25052801_14a19a2"}],"id":1}"#
        let match = try #require(AvalonDriver.identify(answers(q)))
        #expect(match.model == "Avalon Q")
        #expect(match.firmwareVersion == "25052801_14a19a2")
        let antminer = #"{"STATUS":[{"STATUS":"S"}],"VERSION":[{"BMMiner":"1.0.0","Type":"Antminer S19"}],"id":1}"#
        #expect(AvalonDriver.identify(answers(antminer)) == nil)
        let registry = try DriverRegistry.builtIn
        #expect(registry.identify(answers(q))?.driver == "avalon")
        #expect(registry.identify(answers(antminer))?.driver == "antminer-stock")
    }
}
