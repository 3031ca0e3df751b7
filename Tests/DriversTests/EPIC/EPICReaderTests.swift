import Foundation
import HiveProtocols
import HiveTesting
import Testing

@testable import Drivers

/// ePIC reply parsing beyond what the fixture cases pin down.
@Suite struct EPICReaderTests {
    @Test func bothNamesOfThePowerAlgorithmAreRecognised() throws {
        for name in ["PowerTune", "Power"] {
            let capabilities: JSONValue = [
                "PerpetualTune": [
                    ["algorithm": "VoltageOptimizer", "min": 60, "max": 300],
                    ["algorithm": .string(name), "min": 1700, "max": 4400],
                ]
            ]
            let algorithm = try #require(EPICReader.powerAlgorithm(capabilities))
            #expect(algorithm.name == name)
            #expect(algorithm.min == Watts(1700) && algorithm.max == Watts(4400))
        }
        let hashrateOnly: JSONValue = ["PerpetualTune": [["algorithm": "ChipTune", "min": 60, "max": 300]]]
        #expect(EPICReader.powerAlgorithm(hashrateOnly) == nil)
        let control = EPICReader.powerControl(capabilities: hashrateOnly, summary: [:])
        #expect(control.mechanism == .none)
    }

    @Test func powerTargetOnlyWhileThePowerAlgorithmRuns() {
        let running: JSONValue = [
            "PerpetualTune": ["Algorithm": ["Power": ["Target": 2800, "Unit": "W"]], "Running": true]
        ]
        #expect(EPICReader.powerTarget(running) == Watts(2800))
        let stopped: JSONValue = ["PerpetualTune": ["Algorithm": ["Power": ["Target": 2800]], "Running": false]]
        #expect(EPICReader.powerTarget(stopped) == nil)
        let hashrate: JSONValue = ["PerpetualTune": ["Algorithm": ["ChipTune": ["Target": 120]], "Running": true]]
        #expect(EPICReader.powerTarget(hashrate) == nil)
    }

    @Test func writeErrorsAreWordsOrOneMemberObjects() {
        #expect(EPICReader.errorText("BadPassword") == "BadPassword")
        #expect(EPICReader.errorText(["LastCmdStillPending": "Stop"]) == "LastCmdStillPending: Stop")
        #expect(EPICReader.errorText(.null) == nil)
        #expect(EPICReader.errorText(nil) == nil)
    }

    @Test func operatingStates() {
        #expect(EPICReader.state("Mining") == .mining)
        #expect(EPICReader.state("Idling") == .sleeping)
        #expect(EPICReader.state("AdjustingClockVoltage") == .tuning)
        #expect(EPICReader.state("Initializing") == .starting)
        #expect(EPICReader.state("Something new") == .unknown)
    }

    @Test func chipSensorsReadingZeroAreNotMeasured() {
        let board: (JSONValue) -> JSONValue = { [["Index": 1, "Data": $0, "Total": 0.0]] }
        let chips = EPICChipData(
            hashrate: board([[400_000.0, 95.0, 3.0], [0.0, 0.0, 0.0]]), temperature: board([0.0, 61.5]),
            voltage: board([0.0, 310.0]), clock: board([487.5, 487.5]))
        let readings = chips.chips(board: 1)
        #expect(readings.count == 2)
        #expect(readings[0].temperature == nil && readings[0].voltage == nil)
        #expect(readings[0].hashrate == .megahashes(400_000))
        #expect(readings[1].temperature == Celsius(61.5))
        #expect(readings[1].voltage == Volts(0.31))
        #expect(readings[1].hashrate == HashRate(0))
        #expect(chips.chips(board: 2).isEmpty)
    }

    @Test func boardSerialsNeedAnUnambiguousCount() {
        let detected = [(0, false), (1, true), (2, true)]
        let two: JSONValue = ["Board Serial Numbers": ["A", "B"]]
        #expect(EPICReader.boardSerials(two, detected: detected) == [1: "A", 2: "B"])
        let three: JSONValue = ["Board Serial Numbers": ["A", "B", "C"]]
        #expect(EPICReader.boardSerials(three, detected: detected) == [0: "A", 1: "B", 2: "C"])
        let one: JSONValue = ["Board Serial Numbers": ["A"]]
        #expect(EPICReader.boardSerials(one, detected: detected).isEmpty)
    }

    @Test func thePasswordTravelsOnlyInTheBodyAndNeverInErrors() async throws {
        let secret = "s3cr3t-pw"
        let reply = Exchange(
            name: "miner", key: .http(method: "POST", path: "/miner", port: 4028), status: 500,
            body: Array(#"{"result":false,"echo":{"password":"s3cr3t-pw"}}"#.utf8))
        let replay = ReplayTransport(exchanges: [reply])
        let driver = EPICDriver(
            context: DriverContext(
                host: "192.0.2.42", http: replay, cgminer: replay,
                credentials: Credentials(username: "root", password: secret)))
        let outcome = try await driver.apply(.sleep)
        #expect(outcome.result == .rejected)
        #expect(!(outcome.detail ?? "").contains(secret))
        let sent = try #require(replay.sent.first?.body)
        #expect(try TolerantJSONReader.parse(sent)["password"]?.string == secret)
        #expect(try TolerantJSONReader.parse(sent)["param"]?.string == "Stop")

        let bad = Exchange(
            name: "miner", key: .http(method: "POST", path: "/miner", port: 4028),
            body: Array(#"{"result":false,"error":"BadPassword"}"#.utf8))
        let refusing = EPICDriver(
            context: DriverContext(
                host: "192.0.2.42", http: ReplayTransport(exchanges: [bad]), cgminer: replay,
                credentials: Credentials(username: "root", password: secret)))
        await #expect(throws: DriverError.self) { _ = try await refusing.apply(.wake) }
        do {
            _ = try await refusing.apply(.wake)
        } catch {
            #expect(!"\(error)".contains(secret))
            #expect((error as? DriverError)?.kind == .authenticationFailed)
        }
    }
}
