public import HiveProtocols

/// One reading of the plant / energy API, parsed and converted to ``Watts``.
///
/// Built by ``PlantReadingParser`` from either known response shape. Figures the response
/// does not carry are `nil` (the older list shape has no `exported` and no trust block; neither
/// known shape has an "available power" field). Per-source values are kept with their own
/// status so a failed turbine meter is visible rather than silently summed as zero.
public struct PlantSample: Sendable, Hashable, Codable {
    /// Which response shape it came from.
    public enum Shape: String, Sendable, Hashable, Codable {
        /// `{"reading": {id, plant_id, collection_timestamp, generation{…}, consumption{…},
        /// totals{…}, trust{…}}}` (the service since November 2025).
        case reading
        /// `{"success", "count", "data": [{timestamp, plant_id, total_generation,
        /// container_consumption{…}}]}` (the older service; the newest entry is used).
        case list
    }

    /// One generation source (turbine) or consumption meter (container).
    public struct Source: Sendable, Hashable, Codable {
        /// Its name, e.g. `generoso`, `container_eles`.
        public var name: String
        /// Its power; `nil` when not reported or not a number.
        public var power: Watts?
        /// The status the service gives it (`success` when healthy); `nil` when the shape has none.
        public var status: String?
        /// When the service read it.
        public var sourceTime: UnixMillis?

        /// Creates a source entry.
        public init(name: String, power: Watts?, status: String? = nil, sourceTime: UnixMillis? = nil) {
            self.name = name
            self.power = power
            self.status = status
            self.sourceTime = sourceTime
        }

        /// Whether the value can be believed: it has a power and its status, if any, is `success`.
        public var isHealthy: Bool {
            power != nil && (status == nil || status?.lowercased() == "success")
        }
    }

    /// The service's own opinion of the reading (`trust` block).
    public struct Trust: Sendable, Hashable, Codable {
        /// `confidence_score`, 0…1.
        public var confidence: Double?
        /// `status`, e.g. `trusted`.
        public var status: String?
        /// `summary`, e.g. "All critical checks passed".
        public var summary: String?

        /// Creates a trust block.
        public init(confidence: Double?, status: String?, summary: String?) {
            self.confidence = confidence
            self.status = status
            self.summary = summary
        }
    }

    /// The response shape.
    public var shape: Shape
    /// `reading.id`, when present.
    public var readingID: Int?
    /// `plant_id`, when present.
    public var plantID: String?
    /// `collection_timestamp` (or the list entry's `timestamp`): when the service collected it.
    public var collectedAt: UnixMillis
    /// Total generation. When a generation source is unhealthy this is the smaller of the
    /// reported total and the sum of the healthy sources (under-stating generation is the safe
    /// error); `nil` when no generation figure can be believed.
    public var generation: Watts?
    /// Total consumption of the metered containers.
    public var consumption: Watts?
    /// Exported power as the service reports it (may be negative when importing).
    public var exported: Watts?
    /// A direct "available power" figure, when the service sends one (`available_mw`).
    public var available: Watts?
    /// Generation sources.
    public var generationSources: [Source]
    /// Consumption meters.
    public var consumptionSources: [Source]
    /// The trust block; `nil` for the older shape.
    public var trust: Trust?
    /// The unit the figures were read in.
    public var unit: PlantUnit
    /// Remarks for an operator (an unhealthy source, totals that disagree with sources).
    public var notes: [String]

    /// Creates a sample.
    public init(
        shape: Shape, readingID: Int? = nil, plantID: String? = nil, collectedAt: UnixMillis, generation: Watts?,
        consumption: Watts? = nil, exported: Watts? = nil, available: Watts? = nil,
        generationSources: [Source] = [], consumptionSources: [Source] = [], trust: Trust? = nil,
        unit: PlantUnit = .kilowatts, notes: [String] = []
    ) {
        self.shape = shape
        self.readingID = readingID
        self.plantID = plantID
        self.collectedAt = collectedAt
        self.generation = generation
        self.consumption = consumption
        self.exported = exported
        self.available = available
        self.generationSources = generationSources
        self.consumptionSources = consumptionSources
        self.trust = trust
        self.unit = unit
        self.notes = notes
    }

    /// Whether the balancer may use this reading, given the lowest acceptable
    /// `trust.confidence_score`: `nil` when usable, else the reason it is not.
    ///
    /// A reading without a trust block (the older shape) is usable; one whose score is
    /// missing while the block is present, or below `minConfidence`, is not.
    public func unusableReason(minConfidence: Double) -> String? {
        if let trust {
            guard let confidence = trust.confidence else {
                return "trust block without confidence_score"
            }
            if confidence < minConfidence {
                let status = trust.status.map { " (\($0))" } ?? ""
                return "confidence \(confidence) below \(minConfidence)\(status)"
            }
        }
        if generation == nil && available == nil {
            return "no healthy generation source"
        }
        return nil
    }
}
