import Foundation
import GRDB
import HiveProtocols

/// Plant readings in `plant_readings` (migration `v3-plant-balancer`, `Docs/BalancerStorage.md`):
/// the summary figures as columns for queries and charts, the whole ``PlantSample`` as JSON
/// (per-source values, statuses, notes) and the raw body as received. Writes go through the
/// store's single writer; reads run on the reader pool.
extension SQLiteFleetStore: PlantReadingStore {
    /// Appends one attempt.
    public func append(plantReading record: PlantReadingRecord) async throws {
        let arguments = try PlantRow.arguments(record)
        try await write { db in
            try db.cachedStatement(sql: "INSERT INTO plant_readings (\(PlantRow.columns)) VALUES (\(PlantRow.marks))")
                .execute(arguments: arguments)
        }
    }

    /// The newest usable record (the partial index `plant_readings_usable`: one descent).
    public func latestUsablePlantReading() async throws -> PlantReadingRecord? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(PlantRow.columns) FROM plant_readings WHERE outcome = 0
                        ORDER BY received_ms DESC, id DESC LIMIT 1
                        """)
            ).map(PlantRow.record)
        }
    }

    /// The newest record of any outcome.
    public func latestPlantReading() async throws -> PlantReadingRecord? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(PlantRow.columns) FROM plant_readings ORDER BY received_ms DESC, id DESC LIMIT 1")
            ).map(PlantRow.record)
        }
    }

    /// Records received in `from..<to`, oldest first, at most `limit`.
    public func plantReadings(from: UnixMillis, to: UnixMillis, limit: Int?) async throws -> [PlantReadingRecord] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(PlantRow.columns) FROM plant_readings WHERE received_ms >= ? AND received_ms < ?
                        ORDER BY received_ms, id LIMIT ?
                        """),
                arguments: [from.rawValue, to.rawValue, limit.map { max(0, $0) } ?? -1]
            ).map(PlantRow.record)
        }
    }

    /// Deletes up to `limit` records received before `time`, oldest first (retention, in
    /// batches through ``RetentionService``); returns how many.
    @discardableResult
    public func deletePlantReadings(before time: UnixMillis, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM plant_readings WHERE id IN (
                        SELECT id FROM plant_readings WHERE received_ms < ? ORDER BY received_ms LIMIT ?)
                    """,
                arguments: [time.rawValue, limit])
            return db.changesCount
        }
    }
}

/// The mapping between ``PlantReadingRecord`` and a `plant_readings` row.
private enum PlantRow {
    static let columns = """
        received_ms, collected_ms, outcome, reason, http_status, unit, reading_id, plant_id, generation_w,
        consumption_w, exported_w, available_w, confidence, trust_status, sample_json, raw_body
        """
    static let marks = Array(repeating: "?", count: 16).joined(separator: ", ")

    static func code(_ outcome: PlantReadingRecord.Outcome) -> Int {
        switch outcome {
        case .usable: 0
        case .unusable: 1
        case .failed: 2
        }
    }

    static func outcome(_ code: Int) throws -> PlantReadingRecord.Outcome {
        switch code {
        case 0: return .usable
        case 1: return .unusable
        case 2: return .failed
        default: throw StorageError(.internalInconsistency, "plant_readings.outcome \(code) is not 0, 1 or 2")
        }
    }

    static func arguments(_ record: PlantReadingRecord) throws -> StatementArguments {
        let sample = record.sample
        let json = try sample.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        var values: [(any DatabaseValueConvertible)?] = [record.receivedAt.rawValue, sample?.collectedAt.rawValue]
        values += [code(record.outcome), record.reason, record.httpStatus, sample?.unit.rawValue, sample?.readingID]
        values += [sample?.plantID, sample?.generation?.stored, sample?.consumption?.stored]
        values += [sample?.exported?.stored, sample?.available?.stored, sample?.trust?.confidence]
        values += [sample?.trust?.status, json, record.rawBody.map { Data($0) }]
        return StatementArguments(values)
    }

    static func record(_ row: Row) throws -> PlantReadingRecord {
        let sample = try row.optionalString("sample_json").map {
            try JSONDecoder().decode(PlantSample.self, from: Data($0.utf8))
        }
        return PlantReadingRecord(
            receivedAt: UnixMillis(try row.int64("received_ms")), outcome: try outcome(try row.int("outcome")),
            reason: try row.optionalString("reason"), httpStatus: try row.optionalInt("http_status"), sample: sample,
            rawBody: try row.bytes("raw_body"))
    }
}
