/// One reading the simulated plant API serves, as numbers (for tests to compare with the JSON
/// and with what PowerHive stored).
///
/// All power figures are kW, as the real service's `*_mw` fields are.
public struct PlantReading: Sendable, Hashable {
    /// `reading.id`.
    public var id: Int
    /// The clock time it was collected at (since the simulation started).
    public var collectedAt: Duration
    /// Unix time of `collection_timestamp`.
    public var collectionTime: Double
    /// Per-source generation in kW, in configuration order.
    public var generation: [SourceValue]
    /// Per-container consumption in kW, in configuration order.
    public var consumption: [SourceValue]
    /// `trust.confidence_score`.
    public var confidence: Double
    /// `trust.status`.
    public var trustStatus: String
    /// `trust.summary`.
    public var trustSummary: String

    /// A source's value.
    public struct SourceValue: Sendable, Hashable {
        /// Its name, e.g. "generoso".
        public var name: String
        /// kW.
        public var kilowatts: Double
    }

    /// `totals.generation_mw` (kW).
    public var generationKilowatts: Double { generation.reduce(0) { $0 + $1.kilowatts } }
    /// `totals.consumption_mw` (kW).
    public var consumptionKilowatts: Double { consumption.reduce(0) { $0 + $1.kilowatts } }
    /// `totals.exported_mw` (kW).
    public var exportedKilowatts: Double { generationKilowatts - consumptionKilowatts }

    /// The body, shaped as `plant-api/v2-reading/http__data_latest__id15.json` (`value_mw` and
    /// `*_mw` hold kW, as on the real service).
    func body(plantID: String) -> WireJSON {
        let collected = WallTime.iso8601(collectionTime)
        let sourced = WallTime.iso8601(collectionTime + 0.286)
        let entries = { (values: [SourceValue]) -> WireJSON in
            .object(
                values.map { value in
                    (
                        value.name,
                        [
                            "source_timestamp": .string(sourced), "status": "success",
                            "value_mw": .number(Self.rounded(value.kilowatts)),
                        ]
                    )
                })
        }
        let reading: WireJSON = [
            "id": .int(id), "plant_id": .string(plantID), "collection_timestamp": .string(collected),
            "generation": entries(generation), "consumption": entries(consumption),
            "totals": [
                "generation_mw": .number(Self.rounded(generationKilowatts)),
                "consumption_mw": .number(Self.rounded(consumptionKilowatts)),
                "exported_mw": .number(Self.rounded(exportedKilowatts)),
            ],
            "trust": [
                "confidence_score": .number(confidence), "status": .string(trustStatus),
                "summary": .string(trustSummary),
            ],
        ]
        return ["reading": reading]
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
