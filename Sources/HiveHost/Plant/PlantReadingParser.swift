public import HiveProtocols

/// Turns a plant API response body into a ``PlantSample``: both known shapes, an explicit unit,
/// and a sanity guard. Pure: no clock, no I/O.
///
/// The unit comes from configuration (``PlantUnit``), never from field names: the live service
/// puts kilowatts in its `*_mw` fields. The guard rejects what cannot be a real reading (a
/// negative generation, consumption, source or available figure; anything above
/// ``Limits/maximum``, 1 GW by default) with a reason that names the field, so a unit set to
/// MW against the live service (5886 "MW" = 5.9 GW) fails loudly instead of aiming the fleet
/// 1000× too high.
public enum PlantReadingParser {
    /// Bounds a believable reading stays within.
    public struct Limits: Sendable, Hashable {
        /// The largest power any figure may have.
        public var maximum: Watts
        /// Creates bounds.
        public init(maximum: Watts = Watts(1e9)) { self.maximum = maximum }
    }

    /// Parses `body` (any JSON the tolerant reader accepts).
    ///
    /// - Throws: `DriverError` `.unexpectedResponse` for unparseable JSON, an unknown shape, a
    ///   list reply with `success: false` or no entries, a missing or malformed timestamp, or a
    ///   figure the guard rejects.
    public static func parse(
        _ body: some Collection<UInt8>, unit: PlantUnit, limits: Limits = Limits()
    ) throws -> PlantSample {
        let json: JSONValue
        do {
            json = try TolerantJSONReader.parse(body)
        } catch {
            throw DriverError(.unexpectedResponse, "plant reply is not JSON: \(error.reason)")
        }
        let sample: PlantSample
        if let reading = json["reading"], reading.object != nil {
            sample = try readingShape(reading, unit: unit)
        } else if json["data"]?.array != nil || json["success"] != nil {
            sample = try listShape(json, unit: unit)
        } else {
            throw DriverError(.unexpectedResponse, "plant reply has neither `reading` nor `data`")
        }
        try check(sample, limits: limits)
        return sample
    }

    // MARK: Shapes

    private static func readingShape(_ reading: JSONValue, unit: PlantUnit) throws -> PlantSample {
        guard let stamp = reading["collection_timestamp"]?.string else {
            throw DriverError(.unexpectedResponse, "plant reading has no collection_timestamp")
        }
        guard let collectedAt = ISO8601Timestamp.parse(stamp) else {
            throw DriverError(.unexpectedResponse, "plant collection_timestamp '\(stamp.prefix(40))' is not RFC 3339")
        }
        let generationSources = sources(reading["generation"], unit: unit)
        let consumptionSources = sources(reading["consumption"], unit: unit)
        let totals = reading["totals"]
        var notes: [String] = []

        let reportedGeneration = (totals?["generation_mw"]?.double).flatMap(unit.watts)
        let generation = combined(
            total: reportedGeneration, sources: generationSources, kind: "generation", notes: &notes)
        let reportedConsumption = (totals?["consumption_mw"]?.double).flatMap(unit.watts)
        let consumption =
            consumptionSources.isEmpty || consumptionSources.allSatisfy(\.isHealthy)
            ? reportedConsumption ?? sum(consumptionSources)
            : reportedConsumption
        for source in consumptionSources where !source.isHealthy {
            notes.append("consumption meter \(source.name): \(source.status ?? "no value")")
        }
        let available = (totals?["available_mw"]?.double ?? reading["available_mw"]?.double).flatMap(unit.watts)
        let trust = reading["trust"].map {
            PlantSample.Trust(
                confidence: $0["confidence_score"]?.double, status: $0["status"]?.string,
                summary: $0["summary"]?.string)
        }
        return PlantSample(
            shape: .reading, readingID: reading["id"]?.int, plantID: reading["plant_id"]?.string,
            collectedAt: collectedAt, generation: generation, consumption: consumption,
            exported: (totals?["exported_mw"]?.double).flatMap(unit.watts), available: available,
            generationSources: generationSources, consumptionSources: consumptionSources, trust: trust, unit: unit,
            notes: notes)
    }

    private static func listShape(_ json: JSONValue, unit: PlantUnit) throws -> PlantSample {
        if json["success"]?.bool == false {
            throw DriverError(.unexpectedResponse, "plant list reply says success: false")
        }
        let entries = (json["data"]?.array ?? []).compactMap { entry -> (UnixMillis, JSONValue)? in
            guard let stamp = entry["timestamp"]?.string, let time = ISO8601Timestamp.parse(stamp) else { return nil }
            return (time, entry)
        }
        guard let (collectedAt, entry) = entries.max(by: { $0.0 < $1.0 }) else {
            throw DriverError(.unexpectedResponse, "plant list reply has no timestamped entry")
        }
        let containers = (entry["container_consumption"]?.object ?? [:]).sorted { $0.key < $1.key }.map {
            PlantSample.Source(name: $0.key, power: $0.value.double.flatMap(unit.watts))
        }
        var notes: [String] = []
        for source in containers where !source.isHealthy {
            notes.append("consumption meter \(source.name): no value")
        }
        return PlantSample(
            shape: .list, plantID: entry["plant_id"]?.string, collectedAt: collectedAt,
            generation: entry["total_generation"]?.double.flatMap(unit.watts),
            consumption: containers.isEmpty || !containers.allSatisfy(\.isHealthy) ? nil : sum(containers),
            available: entry["available"]?.double.flatMap(unit.watts), consumptionSources: containers, unit: unit,
            notes: notes)
    }

    /// `{name: {source_timestamp, status, value_mw}}`, sorted by name.
    private static func sources(_ json: JSONValue?, unit: PlantUnit) -> [PlantSample.Source] {
        (json?.object ?? [:]).sorted { $0.key < $1.key }.map { name, value in
            PlantSample.Source(
                name: name, power: value["value_mw"]?.double.flatMap(unit.watts), status: value["status"]?.string,
                sourceTime: value["source_timestamp"]?.string.flatMap(ISO8601Timestamp.parse))
        }
    }

    /// The believable total: the reported total when every source is healthy (or there are no
    /// sources), else the smaller of it and the healthy sources' sum; `nil` when nothing is healthy.
    private static func combined(
        total: Watts?, sources: [PlantSample.Source], kind: String, notes: inout [String]
    ) -> Watts? {
        let healthy = sources.filter(\.isHealthy)
        for source in sources where !source.isHealthy {
            notes.append("\(kind) source \(source.name): \(source.status ?? "no value"), left out")
        }
        if sources.isEmpty { return total }
        if healthy.count == sources.count {
            let parts = sum(healthy)
            if let total, let parts, abs(total.value - parts.value) > max(1, 0.02 * total.value) {
                notes.append("\(kind) total \(total) differs from its sources' sum \(parts)")
            }
            return total ?? parts
        }
        guard let parts = sum(healthy) else { return nil }
        return total.map { min($0, parts) } ?? parts
    }

    private static func sum(_ sources: [PlantSample.Source]) -> Watts? {
        let values = sources.compactMap(\.power)
        guard !values.isEmpty else { return nil }
        return values.reduce(Watts.zero, +)
    }

    // MARK: Sanity

    private static func check(_ sample: PlantSample, limits: Limits) throws {
        var figures: [(String, Watts?, Bool)] = [
            ("generation", sample.generation, false), ("consumption", sample.consumption, false),
            ("exported", sample.exported, true), ("available", sample.available, false),
        ]
        figures += sample.generationSources.map { ("generation source \($0.name)", $0.power, false) }
        figures += sample.consumptionSources.map { ("consumption meter \($0.name)", $0.power, false) }
        for (name, value, mayBeNegative) in figures {
            guard let value else { continue }
            if value.value < 0 && !mayBeNegative {
                throw DriverError(.unexpectedResponse, "plant \(name) is negative (\(value)); reading rejected")
            }
            if abs(value.value) > limits.maximum.value {
                throw DriverError(
                    .unexpectedResponse,
                    "plant \(name) \(value) exceeds the sanity limit \(limits.maximum) with unit \(sample.unit); "
                        + "check plant.unit (the live service sends kW in its *_mw fields)")
            }
        }
    }
}
