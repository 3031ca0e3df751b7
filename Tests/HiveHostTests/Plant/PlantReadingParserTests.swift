import HiveHost
import HiveProtocols
import Testing

/// Every recorded plant reply through the parser, the unit trap pinned, and the sanity guard.
@Suite("Plant reading parser")
struct PlantReadingParserTests {
    static func parse(_ text: String, unit: PlantUnit = .kilowatts) throws -> PlantSample {
        try PlantReadingParser.parse(Array(text.utf8), unit: unit)
    }

    /// Values in the live service's own numbers (kW in `*_mw` fields).
    struct Expected: Sendable, CustomStringConvertible {
        var name: String
        var body: String
        var shape: PlantSample.Shape
        var generationKW: Double
        var consumptionKW: Double?
        var exportedKW: Double?
        var collectedAt: Int64
        var description: String { name }
    }

    static let table: [Expected] = [
        Expected(
            name: "v2 id15", body: PlantSamples.v2Id15, shape: .reading, generationKW: 5886.014999999999,
            consumptionKW: 1647.9321875, exportedKW: 4238.082812499999, collectedAt: 1_762_958_654_286),
        Expected(
            name: "v2 id16", body: PlantSamples.v2Id16, shape: .reading, generationKW: 5886.014999999999,
            consumptionKW: 1647.9321875, exportedKW: 4238.082812499999, collectedAt: 1_762_958_665_774),
        Expected(
            name: "v2 id36", body: PlantSamples.v2Id36, shape: .reading, generationKW: 5832.228,
            consumptionKW: 1648.252125, exportedKW: 4183.975875, collectedAt: 1_762_959_265_785),
        Expected(
            name: "v1 list", body: PlantSamples.v1List, shape: .list, generationKW: 5047.508,
            consumptionKW: 516.1445 + 816.3255, exportedKW: nil, collectedAt: 1_762_181_341_627),
        Expected(
            name: "v1 list 2025-11-06", body: PlantSamples.v1List20251106, shape: .list, generationKW: 2908.695,
            consumptionKW: 561.6146875 + 880.804125, exportedKW: nil, collectedAt: 1_762_432_533_594),
    ]

    @Test(arguments: table)
    func liveSamplesParseAsKilowatts(_ expected: Expected) throws {
        let sample = try Self.parse(expected.body)
        #expect(sample.shape == expected.shape)
        #expect(sample.unit == .kilowatts)
        #expect(abs((sample.generation?.value ?? 0) - expected.generationKW * 1000) < 0.01)
        if let consumption = expected.consumptionKW {
            #expect(abs((sample.consumption?.value ?? 0) - consumption * 1000) < 0.01)
        }
        #expect(
            sample.exported.map { abs($0.value - (expected.exportedKW ?? 0) * 1000) < 0.01 }
                ?? (expected.exportedKW == nil))
        #expect(sample.collectedAt == UnixMillis(expected.collectedAt))
        #expect(sample.plantID == "complexo-paranhos")
        #expect(sample.available == nil)
        #expect(sample.unusableReason(minConfidence: 0.5) == nil)
        // The real semantics: a ≈3–6 MW hydro plant, not a 3–6 GW one, nor a 3–6 kW one.
        #expect((sample.generation?.value ?? 0) > 2_000_000 && (sample.generation?.value ?? 0) < 7_000_000)
    }

    @Test func readingShapeKeepsSourcesAndTrust() throws {
        let sample = try Self.parse(PlantSamples.v2Id15)
        #expect(sample.readingID == 15)
        #expect(sample.generationSources.map(\.name) == ["generoso", "nogueira"])
        #expect(sample.generationSources.first?.power == Watts(2_883_946))
        #expect(sample.generationSources.allSatisfy { $0.status == "success" && $0.isHealthy })
        #expect(sample.consumptionSources.map(\.name) == ["container_eles", "container_mazp"])
        #expect(
            sample.trust == PlantSample.Trust(confidence: 1, status: "trusted", summary: "All critical checks passed"))
        #expect(sample.notes.isEmpty)
    }

    @Test(arguments: 0..<22)
    func everyLivePollOfTheSeriesParses(line: Int) throws {
        let sample = try Self.parse(PlantSamples.v2Series[line])
        #expect(sample.readingID == 15 + line)
        #expect(sample.generation.map { $0.kilowatts > 5800 && $0.kilowatts < 5950 } == true)
        #expect(sample.consumption.map { $0.kilowatts > 1600 && $0.kilowatts < 1700 } == true)
        #expect(sample.unusableReason(minConfidence: 0.9) == nil)
    }

    @Test func theUnitTrapIsRejectedNotObeyed() throws {
        // The live service's kW figures read as MW would be a 5.9 GW plant: rejected, naming the unit.
        #expect {
            try Self.parse(PlantSamples.v2Id15, unit: .megawatts)
        } throws: { error in
            "\(error)".contains("sanity limit") && "\(error)".contains("plant.unit")
        }
        #expect(throws: (any Error).self) { try Self.parse(PlantSamples.v1List, unit: .megawatts) }
    }

    @Test func theOldTestServerReallyUsesMegawatts() throws {
        let simulator = try Self.parse(PlantSamples.testServer, unit: .megawatts)
        #expect(abs((simulator.generation?.value ?? 0) - 3196.4140540172593) < 0.001)
        let readme = try Self.parse(PlantSamples.testServerReadme, unit: .megawatts)
        #expect(readme.generation == Watts(235_800_000))
        #expect(readme.consumption == Watts(100_000_000))
        // Read with the default unit, the same body is a 3 W plant: the unit is configuration.
        let asKilowatts = try Self.parse(PlantSamples.testServer)
        #expect((asKilowatts.generation?.value ?? 0) < 4)
        #expect(throws: (any Error).self) { try Self.parse(PlantSamples.testServerHealth) }
    }

    @Test func wattsUnitIsTakenLiterally() throws {
        let sample = try Self.parse(PlantSamples.v2Id36, unit: .watts)
        #expect(sample.generation == Watts(5832.228))
    }

    @Test(arguments: [
        (#""generation_mw": 5832.228"#, #""generation_mw": -5"#, "negative"),
        (#""value_mw": 730.402125"#, #""value_mw": -1"#, "negative"),
        (#""generation_mw": 5832.228"#, #""generation_mw": 2000000"#, "sanity limit"),
    ])
    func absurdValuesAreRejectedWithAReason(find: String, replace: String, reason: String) throws {
        let body = PlantSamples.v2Id36.replacingOccurrences(of: find, with: replace)
        #expect(body != PlantSamples.v2Id36)
        #expect { try Self.parse(body) } throws: { "\($0)".contains(reason) }
    }

    @Test func anUnhealthySourceIsLeftOutOnTheSafeSide() throws {
        let body = PlantSamples.v2Id15.replacingOccurrences(
            of: "\"status\": \"success\",\n        \"value_mw\": 3002.069",
            with: "\"status\": \"error\",\n        \"value_mw\": 3002.069")
        #expect(body != PlantSamples.v2Id15)
        let sample = try Self.parse(body)
        #expect(sample.generation == Watts(2_883_946))
        #expect(sample.notes.contains { $0.contains("nogueira") })
        #expect(sample.unusableReason(minConfidence: 0.5) == nil)
    }

    @Test func noHealthyGenerationSourceMakesTheReadingUnusable() throws {
        let body = PlantSamples.v2Id15.replacingOccurrences(of: #""status": "success""#, with: #""status": "timeout""#)
        let sample = try Self.parse(body)
        #expect(sample.generation == nil)
        #expect(sample.unusableReason(minConfidence: 0.5) == "no healthy generation source")
    }

    @Test func lowTrustIsUnusable() throws {
        let body = PlantSamples.v2Id15.replacingOccurrences(
            of: #""confidence_score": 1"#, with: #""confidence_score": 0.3"#)
        let sample = try Self.parse(body)
        #expect(sample.unusableReason(minConfidence: 0.5)?.contains("confidence 0.3 below 0.5") == true)
    }

    @Test(arguments: [
        "not json at all", #"{"success": false, "count": 0, "data": []}"#, #"{"success": true, "data": []}"#,
        #"{"reading": {"id": 1}}"#, #"{"reading": {"collection_timestamp": "yesterday"}}"#, #"{"other": 1}"#,
    ])
    func malformedRepliesAreErrors(body: String) {
        #expect(throws: DriverError.self) { try Self.parse(body) }
    }

    @Test func availableFieldIsReadWhenPresent() throws {
        let body = PlantSamples.v2Id36.replacingOccurrences(
            of: #""exported_mw""#, with: #""available_mw": 4000, "exported_mw""#)
        #expect(try Self.parse(body).available == Watts(4_000_000))
    }
}
