import Foundation
import HiveProtocols
import HiveTesting
import Testing

@testable import Drivers

/// Auradine reply parsing and the token client beyond what the fixture cases pin down.
@Suite struct AuradineReaderTests {
    @Test func quantitiesWithUnits() {
        #expect(AuradineReader.quantity("58.94W", unit: "W") == 58.94)
        #expect(AuradineReader.quantity("4052.00 RPM", unit: "RPM") == 4052)
        #expect(AuradineReader.quantity(2000, unit: "W") == 2000)
        #expect(AuradineReader.quantity("n/a", unit: "W") == nil)
        #expect(AuradineReader.quantity(nil, unit: "W") == nil)
    }

    @Test func releaseDropsOnlyACommitHash() {
        #expect(
            AuradineReader.release("GCMiner-2023-05.24-0ce5e7cc93a3815240fa189d0beb44b8c834936c")
                == "GCMiner-2023-05.24")
        #expect(AuradineReader.release("GCMiner-0.5-devsbXXX") == "GCMiner-0.5-devsbXXX")
        #expect(AuradineReader.release("2.2.0") == "2.2.0")
        #expect(AuradineReader.release(nil) == nil)
    }

    @Test func boundsComeFromThePSUOrTheTarget() throws {
        let mode: JSONValue = ["Mode": [["Mode": "custom", "Power": 2400, "Sleep": "off"]]]
        let psu: JSONValue = ["PSU": [["PoutMax": "3452.00W"]]]
        let fromPSU = try #require(AuradineReader.bounds(mode: mode, psu: psu))
        #expect(fromPSU.min == Watts(1726) && fromPSU.max == Watts(3452))
        let fromTarget = try #require(AuradineReader.bounds(mode: mode, psu: [:]))
        #expect(fromTarget.max == Watts(2400))
        let normal: JSONValue = ["Mode": [["Mode": "normal", "Power": 2400, "Sleep": "off"]]]
        #expect(AuradineReader.bounds(mode: normal, psu: [:]) == nil)
        #expect(AuradineReader.powerControl(mode: normal, psu: [:]).mechanism == .none)
        #expect(AuradineReader.powerTarget(normal) == nil)
    }

    @Test func statusErrors() {
        #expect(AuradineReader.statusError(["STATUS": [["STATUS": "E", "Msg": "Invalid"]]]) == "Invalid")
        #expect(AuradineReader.statusError(["STATUS": [["STATUS": "S", "Msg": "ok"]]]) == nil)
        #expect(AuradineReader.statusError([:]) == nil)
    }

    @Test func theTokenTravelsInATokenHeaderAndNeverInErrors() async throws {
        let token = "tok-3f9a1c77"
        let issued = Exchange(
            name: "token", key: .http(method: "POST", path: "/token", port: 8080),
            body: Array(#"{"STATUS":[{"STATUS":"S","Msg":"Token"}],"Token":[{"Token":"\#(token)"}],"id":1}"#.utf8))
        let broken = Exchange(
            name: "ipreport", key: .http(method: "GET", path: "/ipreport", port: 8080), status: 500,
            body: Array(#"{"error":"internal","token":"\#(token)","password":"pw-secret-9"}"#.utf8))
        let replay = ReplayTransport(exchanges: [issued, broken])
        let driver = AuradineDriver(
            context: DriverContext(
                host: "192.0.2.72", http: replay, cgminer: replay,
                credentials: Credentials(username: "admin", password: "pw-secret-9")))
        do {
            _ = try await driver.identity()
            Issue.record("a 500 reply must throw")
        } catch {
            #expect(!"\(error)".contains(token))
            #expect(!"\(error)".contains("pw-secret-9"))
        }
        #expect(replay.sent.map(\.description) == ["POST /token :8080", "GET /ipreport :8080"])
        #expect(replay.sent.last?.auth == "api-key")
        let request = AuradineClient.request("GET", "ipreport", body: nil, token: Secret(token))
        #expect(request.auth == .apiKey(header: "Token", key: Secret(token)))
        #expect(!"\(request.auth)".contains(token))
    }
}
