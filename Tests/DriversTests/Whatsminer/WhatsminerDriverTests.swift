import Foundation
import HiveProtocols
import Testing

@testable import Drivers

/// Flows beyond the fixture cases: token reuse and refresh, the write-disabled report, the
/// generation choice, identification ranking, the v3 token.
@Suite struct WhatsminerDriverTests {
    /// A v2 miner that issues one token per `get_token`, decrypts privileged commands with the
    /// driver's own token type, and answers each with `reply(command, tokenNumber)`.
    final class ScriptedV2: CGMinerTransport, Sendable {
        actor Log {
            var commands: [String] = []
            func append(_ command: String) -> Int {
                commands.append(command)
                return commands.filter { $0 == "get_token" }.count
            }
        }

        let password: String
        let reply: @Sendable (String, Int) -> String
        let log = Log()

        init(password: String = "powerh1v", reply: @escaping @Sendable (String, Int) -> String) {
            self.password = password
            self.reply = reply
        }

        var commands: [String] { get async { await log.commands } }

        func send(_ request: CGMinerRequest) async throws -> [UInt8] {
            let issued = await log.append(request.command)
            switch request.command {
            case "get_token":
                return Array(
                    #"{"STATUS":"S","When":1,"Code":134,"Msg":{"time":"000\#(issued)","salt":"s\#(issued)","newsalt":"n\#(issued)"}}"#
                        .utf8)
            case "status":
                return Array(#"{"STATUS":"S","Code":131,"Msg":{"mineroff":"true"}}"#.utf8)
            default:
                let message = [
                    "time": JSONValue.string("000\(issued)"), "salt": .string("s\(issued)"),
                    "newsalt": .string("n\(issued)"),
                ]
                let token = try #require(
                    WhatsminerV2Token(tokenReply: .object(message), password: password, issued: .now))
                let envelope = try TolerantJSONReader.parse(request.payload ?? [])
                let data = try #require(envelope["data"]?.string)
                let command = try TolerantJSONReader.parse(try #require(token.decrypt(data)))
                #expect(command["token"]?.string == token.sign)
                return Array(reply(command["cmd"]?.string ?? "", issued).utf8)
            }
        }

        func driver() -> WhatsminerDriver {
            WhatsminerDriver(
                context: DriverContext(
                    host: "192.0.2.9", http: NoHTTP(), cgminer: self,
                    credentials: Credentials(username: "admin", password: password),
                    match: DriverMatch(
                        driver: "whatsminer", model: "Whatsminer M50S", firmwareVersion: "20230803.11.REL",
                        confidence: .high, isStock: true)))
        }
    }

    struct NoHTTP: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse { throw DriverError(.unreachable, "none") }
    }

    static let ok = #"{"STATUS":"S","When":2,"Code":131,"Msg":"","Description":""}"#

    @Test func tokenIsReusedAcrossWrites() async throws {
        let miner = ScriptedV2 { _, _ in Self.ok }
        let driver = miner.driver()
        #expect(try await driver.apply(.sleep).result == .verified)
        #expect(try await driver.apply(.sleep).result == .verified)
        #expect(await miner.commands == ["get_token", "power_off", "status", "power_off", "status"])
    }

    @Test func aRefusedTokenIsRenewedOnce() async throws {
        let miner = ScriptedV2 { _, issued in
            issued == 1 ? #"{"STATUS":"E","When":2,"Code":135,"Msg":"check token error"}"# : Self.ok
        }
        #expect(try await miner.driver().apply(.sleep).result == .verified)
        #expect(await miner.commands == ["get_token", "power_off", "get_token", "power_off", "status"])
    }

    @Test func aTokenRefusedTwiceIsAnAuthenticationFailure() async throws {
        let miner = ScriptedV2 { _, _ in #"{"STATUS":"E","When":2,"Code":135,"Msg":"check token error"}"# }
        do {
            _ = try await miner.driver().apply(.sleep)
            Issue.record("expected a throw")
        } catch let error as DriverError {
            #expect(error.kind == .authenticationFailed)
            #expect(!"\(error)".contains("powerh1v"))
        }
    }

    @Test func disabledWriteAccessIsReportedAsADeviceSetting() async throws {
        let miner = ScriptedV2 { _, _ in #"{"STATUS":"E","When":2,"Code":45,"Msg":"Permission denied"}"# }
        let outcome = try await miner.driver().apply(.sleep)
        #expect(outcome.result == .rejected)
        #expect(outcome.detail?.contains("write access is disabled") == true)
        #expect(outcome.detail?.contains("device setting") == true)
        #expect(outcome.detail?.contains("WhatsminerTool") == true)
        #expect(await miner.commands == ["get_token", "power_off"])
    }

    @Test(arguments: [
        ("20241101.00.REL", WhatsminerDriver.Generation.v3), ("20251209.16.Rel2", .v3), ("20241031.22.REL", .v2),
        ("20230803.11.REL", .v2), ("'20210322.22.REL'", .v2),
    ])
    func generationFromFirmwareDate(_ version: String, _ generation: WhatsminerDriver.Generation) {
        #expect(WhatsminerDriver.Generation(firmwareVersion: version) == generation)
        #expect(WhatsminerDriver.Generation(firmwareVersion: nil) == .v2)
    }

    /// Python: base64(sha256("set.miner.power_limit" + "hive2pw" + "uhCiDyVj" + "1773869570"))[:8].
    @Test func v3Token() {
        #expect(WhatsminerV3Client.token("set.miner.power_limit", "hive2pw", "uhCiDyVj", 1_773_869_570) == "n81HyVmh")
    }

    @Test func v3CredentialsFallBackToTheFactoryAccount() {
        #expect(WhatsminerDriver.v3Account(nil) == "super")
        #expect(WhatsminerDriver.v3Password(nil) == "super")
        #expect(WhatsminerDriver.v3Password(Credentials(username: "admin", password: "admin")) == "super")
        #expect(WhatsminerDriver.v3Account(Credentials(username: "user2", password: "x")) == "user2")
        #expect(WhatsminerDriver.v3Password(Credentials(username: "admin", password: "secret1")) == "secret1")
    }

    @Test func identificationRanksAboveStockAntminer() throws {
        let version = ProbeRequest.cgminer(WhatsminerDriver.getVersion)
        let body = #"{"STATUS":"S","Code":131,"Msg":{"api_ver":"2.0.5","fw_ver":"20230803.11.REL"}}"#
        var answers = ProbeAnswers(host: "192.0.2.9", answers: [version: .cgminer(Array(body.utf8))])
        // A web root that looks like stock Antminer too.
        answers.answers[.webRoot] = .http(
            HTTPResponse(
                status: 401, headers: [HTTPHeader("WWW-Authenticate", #"Digest realm="antMiner Configuration""#)]))
        let match = try DriverRegistry.builtIn.identify(answers)
        #expect(match?.driver == "whatsminer")
        #expect(match?.firmwareVersion == "20230803.11.REL")
        #expect(WhatsminerDriver.identify(ProbeAnswers(host: "192.0.2.9")) == nil)
    }

    @Test func powerBounds() {
        let known = WhatsminerModel.bounds(model: "Whatsminer M50S", reportedLimit: Watts(3000))
        #expect(known?.max == Watts(3276))
        #expect(known?.min == Watts(1638))
        #expect(WhatsminerModel.bounds(model: "Whatsminer M99", reportedLimit: Watts(3500))?.max == Watts(3500))
        #expect(WhatsminerModel.bounds(model: nil, reportedLimit: nil) == nil)
        #expect(WhatsminerModel.name("M30S+_VE40") == "Whatsminer M30S+")
    }
}
