import HiveProtocols
import Testing

@testable import Drivers

/// CGMiner parsing quirks and tuner states.
@Suite struct BraiinsOSReaderTests {
    static func json(_ text: String) throws -> JSONValue { try TolerantJSONReader.parse(text) }

    static let summary = #"{"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"MHS 5s":1000000,"MHS av":900000,"Elapsed":60}]}"#
    static let empty = #"{"STATUS":[{"STATUS":"S"}]}"#

    func status(tuner: String) throws -> MinerStatus {
        BraiinsReader.status(
            summary: try Self.json(Self.summary), pools: try Self.json(Self.empty), fans: try Self.json(Self.empty),
            temps: try Self.json(Self.empty), tuner: try Self.json(tuner))
    }

    @Test func tuningChainsMakeTheMinerTuning() throws {
        let tuner =
            #"{"TUNERSTATUS":[{"PowerLimit":900,"TunerChainStatus":[{"HashchainIndex":6,"Status":"Stable"},"#
            + #"{"HashchainIndex":7,"Status":"Tuning individual chips"}]}]}"#
        let status = try status(tuner: tuner)
        #expect(status.state == .tuning)
        #expect(status.powerTarget == Watts(900))
        #expect(status.messages.isEmpty)
    }

    @Test func pausedChainsMakeTheMinerSleep() throws {
        let tuner = #"{"TUNERSTATUS":[{"TunerChainStatus":[{"HashchainIndex":1,"Status":"Mining paused"}]}]}"#
        #expect(try status(tuner: tuner).state == .sleeping)
    }

    @Test func unusualChainStatesBecomeMessages() throws {
        let tuner = #"{"TUNERSTATUS":[{"TunerChainStatus":[{"HashchainIndex":8,"Status":"Failed to initialize"}]}]}"#
        let status = try status(tuner: tuner)
        #expect(status.state == .mining)
        #expect(status.messages == ["chain 8: Failed to initialize"])
        #expect(status.hashrateRealtime == HashRate.terahashes(1))
    }

    @Test func zeroTemperaturesAreNotReadings() throws {
        let temps = try Self.json(#"{"TEMPS":[{"ID":6,"Board":75.0,"Chip":0.0}]}"#)
        let devs = try Self.json(#"{"DEVS":[{"ID":6,"MHS 5s":4683070.7,"Nominal MHS":4668300.0,"Status":"Alive"}]}"#)
        let boards = BraiinsReader.telemetry(devs: devs, temps: temps, devdetails: nil, tuner: nil)
        #expect(boards.count == 1)
        #expect(boards[0].boardTemps == [Celsius(75)])
        #expect(boards[0].chipTemps.isEmpty)
        #expect(boards[0].state == "Alive")
        #expect(boards[0].chipsWorking == nil)
    }

    @Test func outOfRangeTargetsAreRefusedWithoutAWrite() {
        let limits = (min: Watts(1800), max: Watts(3800))
        #expect(BraiinsOSDriver.outOfRange(Watts(5000), limits)?.result == .rejected)
        #expect(BraiinsOSDriver.outOfRange(Watts(3000), limits) == nil)
        #expect(BraiinsOSDriver.outOfRange(Watts(5000), nil) == nil)
    }

    @Test func sessionCookieIsReadFromSetCookie() {
        let response = HTTPResponse(
            status: 200, headers: [HTTPHeader("Set-Cookie", "session_id=abc123; Path=/; HttpOnly")])
        #expect(BraiinsGraphQLClient.sessionCookie(response)?.value == "abc123")
        #expect(BraiinsGraphQLClient.sessionCookie(HTTPResponse(status: 200)) == nil)
    }
}
