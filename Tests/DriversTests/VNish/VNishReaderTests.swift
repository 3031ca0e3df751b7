import HiveProtocols
import Testing

@testable import Drivers

/// Uptime, state words, identification and the CGMiner-only reader.
@Suite struct VNishReaderTests {
    @Test(arguments: [
        ("0:02", 120), ("0:06", 360), ("23:59", 86_340), ("10 days, 18:00", 928_800), ("1 day, 0:03", 86_580),
        ("5 min", 300), ("1 day, 5 min", 86_700), ("3 days", 259_200), ("2:03:04", 7_384), (" 4:05 ", 14_700),
    ])
    func uptimeTextsAreParsed(_ text: String, _ seconds: Int) {
        #expect(VNishText.uptimeSeconds(text) == seconds)
    }

    @Test(arguments: ["", "abc", "1:75", "1:2:3:4", "-1:00", "days, 1:00", "N/A"])
    func unreadableUptimesGiveNil(_ text: String) {
        #expect(VNishText.uptimeSeconds(text) == nil)
    }

    @Test(arguments: [
        ("mining", MinerStatus.State.mining), ("auto-tuning", .tuning), ("auto_tuning", .tuning),
        ("failure", .failure), ("stopped", .sleeping), ("paused", .sleeping), ("initializing", .starting),
        ("starting", .starting), ("restarting", .starting), ("something-new", .unknown),
    ])
    func minerStatesAreMapped(_ word: String, _ state: MinerStatus.State) {
        #expect(VNishReader.state(word) == state)
    }

    @Test func restartAndRebootRequiredBecomeMessagesAndBareStringPresetIsRead() throws {
        let status = try TolerantJSONReader.parse(
            #"{"miner_state":"mining","restart_required":true,"reboot_required":true}"#)
        let perf = try TolerantJSONReader.parse(#"{"current_preset":"3010W"}"#)
        let result = VNishReader.status(
            info: ["system": ["uptime": "1 day, 0:03"]], status: status,
            summary: ["miner": ["power_consumption": 3012]],
            perf: perf)
        #expect(result.messages.count == 2)
        #expect(result.powerPreset == "3010W")
        #expect(result.powerTarget == Watts(3010))
        #expect(result.power == Watts(3012) && result.powerSource == .measured)
        #expect(result.uptimeSeconds == 86_580)
    }

    // MARK: - Identification

    static func answers(version: String? = nil, info: String? = nil, root: String? = nil) -> ProbeAnswers {
        var answers = ProbeAnswers(host: "192.0.2.1")
        if let version { answers.answers[.cgminerVersion] = .cgminer(Array(version.utf8)) }
        if let info {
            answers.answers[.http(.get("/api/v1/info"))] = .http(HTTPResponse(status: 200, body: Array(info.utf8)))
        }
        if let root { answers.answers[.webRoot] = .http(HTTPResponse(status: 200, body: Array(root.utf8))) }
        return answers
    }

    @Test func infoWithFwNameVnishIsAHighMatch() {
        let match = VNishDriver.identify(
            Self.answers(info: #"{"miner":"Antminer S19j Pro","fw_name":"Vnish","fw_version":"1.2.6"}"#))
        #expect(
            match
                == DriverMatch(
                    driver: "vnish", model: "Antminer S19j Pro", firmwareVersion: "1.2.6", confidence: .high,
                    isStock: false))
    }

    @Test func anthillOSPageIsAHighMatch() {
        let match = VNishDriver.identify(Self.answers(root: "<html><title>AnthillOS</title></html>"))
        #expect(match?.confidence == .high)
        #expect(match?.isStock == false)
    }

    @Test func cgminerVersionNamingVNishIsAMediumMatch() {
        // vnish/3.8.6-s9/cgminer__version.json
        let version =
            #"{"STATUS":[{"STATUS":"S","When":1600299177,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.11.1"}],"VERSION":[{"CGMiner":"4.11.1","API":"3.7","Miner":"26.0.1.3","CompileTime":"Fri May  8 15:27:59 CST 2020","Type":"Antminer S9 (vnish 3.8.6)"}],"id":1}"#
        let match = VNishDriver.identify(Self.answers(version: version))
        #expect(
            match
                == DriverMatch(
                    driver: "vnish", model: "Antminer S9", firmwareVersion: "3.8.6", confidence: .medium, isStock: false
                ))
    }

    @Test(arguments: [
        // identification/foreman-cgminer-version: stock S19 Pro, Hiveon S9, Braiins OS+; and VNish 2.0.3's own
        // version reply, which does not name VNish (only its stats Type does).
        #"{"STATUS": [{"STATUS": "S", "When": 1595967398, "Code": 22, "Msg": "CGMiner versions", "Description": "cgminer 1.0.0"}], "VERSION": [{"BMMiner": "1.0.0", "API": "3.1", "Miner": "49.0.1.3", "CompileTime": "Mon Jun  1 20:27:44 CST 2020", "Type": "Antminer S19 Pro"}], "id": 1}"#,
        #"{"STATUS":[{"STATUS":"S","When":1600293257,"Code":22,"Msg":"BMMiner versions","Description":"bmminer 1.0.0"}],"VERSION":[{"BMMiner":"2.0.0 rwglr","API":"3.1","Miner":"30.0.1.3","CompileTime":"Tue Nov 20 10:12:30 UTC 2019","Type":"Antminer S9 Hiveon"}],"id":1}"#,
        #"{"STATUS":[{"STATUS":"S","When":1597092539,"Code":22,"Msg":"BOSminer+ versions","Description":"BOSminer+ 0.2.0-36c56a9363"}],"VERSION":[{"API":"3.7","BOSminer+":"0.2.0-36c56a9363"}],"id":1}"#,
        #"{"STATUS": [{"STATUS":"S","When":1605446911,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.11.1"}],"VERSION": [{"CGMiner":"4.11.1","API":"3.7"}],"id":1}"#,
    ])
    func otherFirmwaresDoNotMatch(_ version: String) {
        #expect(VNishDriver.identify(Self.answers(version: version)) == nil)
    }

    @Test func infoFromAnotherFirmwareDoesNotMatch() {
        #expect(VNishDriver.identify(Self.answers(info: #"{"fw_name":"Braiins OS"}"#)) == nil)
        #expect(VNishDriver.identify(Self.answers(info: "<html>not json</html>")) == nil)
    }

    @Test func generationFollowsTheMatch() {
        #expect(VNishDriver.Generation(match: nil) == .rest)
        #expect(VNishDriver.Generation(match: DriverMatch(driver: "vnish", confidence: .high, isStock: false)) == .rest)
        #expect(
            VNishDriver.Generation(match: DriverMatch(driver: "vnish", confidence: .medium, isStock: false)) == .cgminer
        )
    }

    // MARK: - CGMiner-only VNish (S17+ 2.0.3: not identifiable from `version`; `stats` follows up)

    /// vnish/2.0.3-s17plus/cgminer__stats.json
    static let s17Stats =
        #"{"STATUS": [{"STATUS":"S","When":1605446911,"Code":70,"Msg":"CGMiner stats","Description":"cgminer 4.11.1"}],"STATS": [{"Cgminer":"4.11.1","Miner":"35.0.1.3","CompileTime":"Sat Aug 15 18:55:51 CST 2020","Type":"Antminer S17+ (vnish 2.0.3)"},{"STATS":0,"ID":"BTM_S17P_0","Elapsed":1201,"Calls":0,"Wait":0.000000,"Max":0.000000,"Min":99999999.000000,"GHS 5s":"77458.73","GHS av":77544.32,"miner_count":3,"total_acn":195,"frequency":565,"total_freqavg":610.26,"total_rateideal":79968.00,"total_rate":77458.73,"state":"mining","fan_num":4,"fan_mode":0,"fan_pwm":100,"fan1":6120,"fan2":6120,"fan3":5160,"fan4":5160,"temp_num":3,"temp1":66,"temp2":65,"temp3":62,"temp2_1":81,"temp2_2":80,"temp2_3":76,"temp3_1":81,"temp3_2":80,"temp3_3":76,"temp_pcb1":"55-66-51-60","temp_pcb2":"55-65-52-64","temp_pcb3":"51-62-51-62","temp_chip1":"75-81-71-75","temp_chip2":"74-80-71-80","temp_chip3":"70-76-71-75","chain_acn1":65,"chain_acn2":65,"chain_acn3":65,"chain_vol1":19300,"chain_vol2":19300,"chain_vol3":19300,"freq_avg1":606.54,"freq_avg2":620.00,"freq_avg3":604.23,"chain_rateideal1":26493.60,"chain_rateideal2":27081.60,"chain_rateideal3":26392.80,"chain_rate1":24326.87,"chain_rate2":26800.28,"chain_rate3":26331.57,"chain_hw1":0,"chain_hw2":0,"chain_hw3":0,"chain_acs1":"xxxxx ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo","chain_acs2":"ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo","chain_acs3":"ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo ooooo","chain_consumption1":991,"chain_consumption2":1013,"chain_consumption3":987,"miner_version":"35.0.1.3","build_version":"2.0.3"}],"id":1}"#

    @Test func s17PlusStatsAreReadWithMillivoltsAndSensorStrings() throws {
        let stats = try TolerantJSONReader.parse(Self.s17Stats)
        let boards = VNishLegacyReader.telemetry(stats: stats)
        #expect(boards.map(\.index) == [1, 2, 3])
        #expect(boards[0].voltage == Volts(19.3))
        #expect(boards[0].boardTemps == [55, 66, 51, 60].map(Celsius.init))
        #expect(boards[0].chipTemps == [75, 81, 71, 75].map(Celsius.init))
        // chain_acs1 opens with "xxxxx": 65 chips found (chain_acn1), 5 of them failed.
        #expect(boards[0].chipsExpected == 65 && boards[0].chipsWorking == 60)
        #expect(boards[1].chipsExpected == 65 && boards[1].chipsWorking == 65)
        #expect(boards[1].hashrate == .gigahashes(26800.28))

        let status = VNishLegacyReader.status(stats: stats, pools: .null)
        #expect(status.state == .mining)
        #expect(status.power == Watts(991 + 1013 + 987) && status.powerSource == .estimated)
        #expect(status.boardTempMin == Celsius(51) && status.boardTempMax == Celsius(66))
        #expect(status.chipTempMin == Celsius(70) && status.chipTempMax == Celsius(81))
        #expect(status.fans == [6120, 6120, 5160, 5160].map(RPM.init))
        #expect(status.uptimeSeconds == 1201)
        #expect(VNishLegacyReader.type(stats).map(VNishLegacyReader.parseType)?.version == "2.0.3")
    }

    @Test(arguments: [(920.0, 9.2), (19300, 19.3), (13800, 13.8), (0, nil), (150, nil)] as [(Double, Double?)])
    func legacyBoardVoltageUnits(_ raw: Double, _ volts: Double?) {
        #expect(VNishLegacyReader.boardVoltage(.number(raw)) == volts.map(Volts.init))
    }

    @Test func cgminerGenerationRefusesCommandsWithoutSendingAnything() async throws {
        let miner = VNishScriptedMiner { _ in HTTPResponse(status: 500) }
        let driver = VNishDriver(
            context: DriverContext(
                host: "192.0.2.9", http: miner, cgminer: miner,
                match: DriverMatch(driver: "vnish", confidence: .medium, isStock: false)))
        #expect(driver.capabilities == [.boardTelemetry])
        let error = await #expect(throws: DriverError.self) { try await driver.apply(.sleep) }
        #expect(error?.kind == .unsupported)
        #expect(await miner.log.requests.isEmpty)
    }
}

@Suite struct VNishPowerReadingTests {
    @Test func zeroWattsWhileHashingIsUnknownNotMeasured() {
        #expect(VNishReader.measuredPower(0, hashing: true) == nil)
        #expect(VNishReader.measuredPower(0, hashing: false) == Watts(0))
        #expect(VNishReader.measuredPower(3012, hashing: true) == Watts(3012))
        #expect(VNishReader.measuredPower(-5, hashing: false) == nil)
        #expect(VNishReader.measuredPower(nil, hashing: true) == nil)
    }
}
