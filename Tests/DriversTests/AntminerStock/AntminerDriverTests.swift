import Drivers
import HiveProtocols
import HiveTesting
import Testing

/// The driver through its fixtures (ReplayTransport) and, for paths no recording can express,
/// through scripted transports.
@Suite struct AntminerDriverTests {
    static let cases = [
        "s19pro-rpc", "s19pro-overheating", "s19-sleeping", "ks5pro-cgi", "s9-v1.3.58", "s17pro-2019-08",
    ]

    @Test(arguments: cases)
    func powerIsNeverMeasured(_ name: String) async throws {
        let (driver, replay) = try AntminerFixtures.driver(name)
        let status = try await driver.status()
        #expect(status.powerSource != .measured)
        if status.power != nil { #expect(status.powerSource == .estimated) }
        #expect(!driver.capabilities.contains(.measuredPower))
        #expect(replay.problems.isEmpty, "\(replay.problems)")
    }

    @Test func notAppliedWriteTriesBothKeysAndReportsTheReadBack() async throws {
        let (driver, replay) = try AntminerFixtures.driver("s19-sleeping", command: "wake-not-applied")
        let outcome = try await driver.apply(.wake)
        #expect(outcome.result == .notApplied)
        #expect(outcome.readBack == "mode sleep")
        #expect(replay.problems.isEmpty, "\(replay.problems)")
        let posts = replay.sent.filter { $0.key.description == "POST /cgi-bin/set_miner_conf.cgi" }
        #expect(posts.count == 2)
        #expect(posts.allSatisfy { $0.auth == "digest" })
        let first = try TolerantJSONReader.parse(try #require(posts.first?.body))
        let second = try TolerantJSONReader.parse(try #require(posts.last?.body))
        #expect(first["miner-mode"] == .number(0))
        #expect(first["bitmain-work-mode"] == nil)
        #expect(second["bitmain-work-mode"] == .string("0"))
        #expect(second["miner-mode"] == nil)
        // The rest of the configuration (pools included) goes back unchanged.
        #expect(first["pools"]?.array?.count == 3)
        #expect(second["bitmain-freq"] == .string("675"))
    }

    @Test func wakeIsVerifiedByTheReadBack() async throws {
        let (driver, replay) = try AntminerFixtures.driver("s19-sleeping", command: "wake")
        let outcome = try await driver.apply(.wake)
        #expect(outcome.result == .verified)
        #expect(outcome.readBack == "mode normal")
        #expect(replay.sent.map(\.key.description).filter { $0.hasPrefix("POST") }.count == 1)
        #expect(replay.problems.isEmpty, "\(replay.problems)")
    }

    @Test func emptyConfValuesAreNotWrittenBack() async throws {
        // get_miner_conf.cgi as the unset-fan-ctrl S19 Pro sample has it (abridged): "bitmain-fan-ctrl" : ,
        let conf =
            "{\n\"pools\" : [\n{\n\"url\" : \"stratum+tcp://xxx:3333\",\n\"user\" : \"xxx\",\n\"pass\" : \"xxx\"\n}\n]\n,\n"
            + "\"bitmain-fan-ctrl\" : ,\n\"bitmain-fan-pwm\" : \"\",\n\"bitmain-work-mode\" : \"0\"}"
        let transport = AntminerScriptedTransport(http: { request in
            switch request.path {
            case "/cgi-bin/get_miner_conf.cgi": return .ok(conf)
            default: return .ok(#"{"stats":"success","code":"M000","msg":"OK!"}"#)
            }
        })
        let driver = AntminerFixtures.driver(model: "Antminer S19 Pro", transport: transport)
        _ = try await driver.apply(.sleep)
        let post = try #require(transport.httpRequests.first { $0.method == "POST" })
        let body = try TolerantJSONReader.parse(try #require(post.body))
        #expect(body["bitmain-fan-ctrl"] == nil)
        #expect(body["bitmain-fan-pwm"] == .string(""))
        #expect(body["miner-mode"] == .number(1))
        #expect(post.auth == .digest(Credentials(username: "root", password: "root")))
    }

    @Test func aWriteThatTimesOutIsJudgedByItsReadBack() async throws {
        let transport = AntminerScriptedTransport(http: { request in
            if request.method == "POST" { throw DriverError(.timedOut, "deadline passed") }
            return .ok(#"{"bitmain-work-mode" : "0"}"#)
        })
        let driver = AntminerFixtures.driver(model: "Antminer S19", transport: transport)
        let outcome = try await driver.apply(.setMode(.low))
        #expect(outcome.result == .pending)
        #expect(outcome.readBack == "mode normal")
        #expect(transport.httpRequests.filter { $0.method == "POST" }.count == 1)
    }

    @Test func rebootCountsADroppedConnectionAsAccepted() async throws {
        let transport = AntminerScriptedTransport(http: { _ in throw DriverError(.timedOut, "no reply") })
        let driver = AntminerFixtures.driver(model: "Antminer S9", transport: transport)
        let outcome = try await driver.apply(.reboot)
        #expect(outcome.result == .pending)
        #expect(transport.httpRequests.map(\.path) == ["/cgi-bin/reboot.cgi"])
    }

    @Test(arguments: [MinerCommand.sleep, .wake, .setMode(.low), .setPowerTarget(Watts(1000)), .selectPreset("x")])
    func unsupportedCommandsSendNothing(_ command: MinerCommand) async throws {
        let transport = AntminerScriptedTransport()
        let driver = AntminerFixtures.driver(model: "Antminer S17+", transport: transport)
        await #expect(throws: DriverError.self) { try await driver.apply(command) }
        #expect(transport.httpRequests.isEmpty)
        #expect(transport.rpcRequests.isEmpty)
    }

    @Test func ks5FallsBackToTheCGIAndLearnsItsModel() async throws {
        let (driver, replay) = try AntminerFixtures.driver("ks5pro-cgi")
        #expect(!driver.capabilities.contains(.sleep))
        let status = try await driver.status()
        #expect(status.state == .starting)
        let sent = replay.sent.map(\.key.description)
        #expect(
            sent.prefix(4) == [
                "cgminer stats", "GET /cgi-bin/summary.cgi", "GET /cgi-bin/stats.cgi", "GET /cgi-bin/pools.cgi",
            ])
        #expect(replay.problems.isEmpty, "\(replay.problems)")
        // The model came from get_system_info.cgi, so this instance now offers sleep.
        #expect(driver.capabilities.contains(.sleep))
    }

    @Test func statsWithoutRatesAreCompletedBySummary() async throws {
        let transport = AntminerScriptedTransport(rpc: { request in
            switch request.command {
            case "stats":
                return Array(
                    #"{"STATUS":[{"STATUS":"S"}],"STATS":[{"Type":"Antminer S19"},{"Elapsed":4000,"fan1":3000}]}"#.utf8)
            case "summary":
                return Array(
                    #"{"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"Elapsed":4000,"GHS 5s":95000.5,"GHS av":94000}]}"#.utf8)
            default:
                return Array(#"{"STATUS":[{"STATUS":"S"}],"POOLS":[]}"#.utf8)
            }
        })
        let driver = AntminerFixtures.driver(model: "Antminer S19", transport: transport)
        let status = try await driver.status()
        #expect(status.hashrateRealtime == .gigahashes(95000.5))
        #expect(status.state == .mining)
        #expect(transport.rpcRequests.map(\.command) == ["stats", "summary", "pools"])
    }

    @Test func identityFallsBackToVersionWhenTheCGIRefusesTheCredentials() async throws {
        let transport = AntminerScriptedTransport(
            http: { _ in HTTPResponse(status: 401) },
            rpc: { _ in
                Array(
                    #"{"STATUS":[{"STATUS":"S"}],"VERSION":[{"CompileTime":"Mon Jun  1 20:27:44 CST 2020","Type":"Antminer S19 Pro"}]}"#
                        .utf8)
            })
        let identity = try await AntminerFixtures.driver(model: nil, transport: transport).identity()
        #expect(identity.model == "Antminer S19 Pro")
        #expect(identity.firmwareVersion == "Mon Jun 1 20:27:44 CST 2020")
        #expect(identity.mac == nil)
    }

    @Test func statusRefusedCredentialsOnCGIOnlyFirmwareThrow() async throws {
        let transport = AntminerScriptedTransport(http: { _ in HTTPResponse(status: 401) })
        let driver = AntminerFixtures.driver(model: nil, transport: transport)
        let error = await #expect(throws: DriverError.self) { try await driver.status() }
        #expect(error?.kind == .authenticationFailed)
        #expect(error?.driver == "antminer-stock")
    }
}
