import Foundation
import HiveProtocols
import PostgresNIO

/// Plant readings in the day-partitioned `plant_readings` (by `received_ms`): summary figures as
/// columns, the whole ``PlantSample`` as JSON, the raw body as received (as on SQLite).
extension PostgresFleetStore: PlantReadingStore {
    /// Appends one attempt.
    public func append(plantReading record: PlantReadingRecord) async throws {
        let values = try PostgresPlantRow.values(record)
        try await withPartitions(.plantReadings, times: [record.receivedAt.rawValue]) {
            var statement = PostgresStatement("INSERT INTO plant_readings (\(PostgresPlantRow.columns)) VALUES ")
            statement.values([values])
            try await execute(statement)
        }
    }

    /// The newest usable record (partial index `plant_readings_usable`).
    public func latestUsablePlantReading() async throws -> PlantReadingRecord? {
        try await rows(
            PostgresStatement(
                """
                SELECT \(PostgresPlantRow.columns) FROM plant_readings WHERE outcome = 0
                ORDER BY received_ms DESC, id DESC LIMIT 1
                """),
            PostgresPlantRow.record
        ).first
    }

    /// The newest record of any outcome.
    public func latestPlantReading() async throws -> PlantReadingRecord? {
        try await rows(
            PostgresStatement(
                "SELECT \(PostgresPlantRow.columns) FROM plant_readings ORDER BY received_ms DESC, id DESC LIMIT 1"),
            PostgresPlantRow.record
        ).first
    }

    /// Records received in `from..<to`, oldest first, at most `limit`.
    public func plantReadings(from: UnixMillis, to: UnixMillis, limit: Int?) async throws -> [PlantReadingRecord] {
        try await rows(
            PostgresStatement(
                """
                SELECT \(PostgresPlantRow.columns) FROM plant_readings WHERE received_ms >= $1 AND received_ms < $2
                ORDER BY received_ms, id LIMIT $3
                """,
                [.int(from.rawValue), .int(to.rawValue), .int(limit.map { max(0, $0) })]),
            PostgresPlantRow.record)
    }
}

/// The mapping between ``PlantReadingRecord`` and a `plant_readings` row.
enum PostgresPlantRow {
    static let columns = """
        received_ms, collected_ms, outcome, reason, http_status, unit, reading_id, plant_id, generation_w,
        consumption_w, exported_w, available_w, confidence, trust_status, sample_json, raw_body
        """

    static func values(_ record: PlantReadingRecord) throws -> [PostgresValue] {
        let sample = record.sample
        let json = try sample.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let code: Int64 =
            switch record.outcome {
            case .usable: 0
            case .unusable: 1
            case .failed: 2
            }
        return [
            .int(record.receivedAt.rawValue), .int(sample?.collectedAt.rawValue), .int(code), .text(record.reason),
            .int(record.httpStatus), .text(sample?.unit.rawValue), .int(sample?.readingID), .text(sample?.plantID),
            .double(sample?.generation?.value), .double(sample?.consumption?.value), .double(sample?.exported?.value),
            .double(sample?.available?.value), .double(sample?.trust?.confidence), .text(sample?.trust?.status),
            .text(json), .bytes(record.rawBody),
        ]
    }

    static func record(_ row: PostgresRandomAccessRow) throws -> PlantReadingRecord {
        let sample = try row.optionalString("sample_json").map {
            try JSONDecoder().decode(PlantSample.self, from: Data($0.utf8))
        }
        let code = try row.int("outcome")
        let outcome: PlantReadingRecord.Outcome
        switch code {
        case 0: outcome = .usable
        case 1: outcome = .unusable
        case 2: outcome = .failed
        default: throw StorageError(.internalInconsistency, "plant_readings.outcome \(code) is not 0, 1 or 2")
        }
        return PlantReadingRecord(
            receivedAt: UnixMillis(try row.int64("received_ms")), outcome: outcome,
            reason: try row.optionalString("reason"), httpStatus: try row.optionalInt("http_status"), sample: sample,
            rawBody: try row.bytes("raw_body"))
    }
}
