import Foundation
import GRDB
import HiveProtocols

extension SQLiteFleetStore {
    /// Appends board snapshots, and their chips packed one row per board, in one transaction.
    public func append(telemetry: [TelemetrySample]) async throws {
        guard !telemetry.isEmpty else { return }
        try await write { db in
            // Deleting first (rather than INSERT OR REPLACE) so the chips of a replaced board go
            // too, through the foreign key's ON DELETE CASCADE.
            let delete = try db.cachedStatement(
                sql: "DELETE FROM chain_snapshots WHERE miner_id = ? AND ts_ms = ? AND board = ?")
            let board = try db.cachedStatement(
                sql: """
                    INSERT INTO chain_snapshots (\(BoardSnapshot.columns))
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let chips = try db.cachedStatement(
                sql: """
                    INSERT INTO chain_chips (miner_id, ts_ms, board, chip_count, hashrate, temp, freq, volt, errors)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for sample in telemetry {
                for snapshot in sample.boards {
                    let key: StatementArguments = [sample.minerID.rawValue, sample.time.rawValue, snapshot.index]
                    try delete.execute(arguments: key)
                    try board.execute(arguments: snapshot.arguments(minerID: sample.minerID, time: sample.time))
                    guard let packed = PackedChips(snapshot.chips) else { continue }
                    let blobs: [(any DatabaseValueConvertible)?] = [
                        packed.chipCount, packed.hashrate.map { Data($0) }, packed.temperature.map { Data($0) },
                        packed.frequency.map { Data($0) }, packed.voltage.map { Data($0) },
                        packed.errors.map { Data($0) },
                    ]
                    try chips.execute(arguments: key + StatementArguments(blobs))
                }
            }
        }
    }

    /// The miner's newest telemetry, chips included.
    public func latestTelemetry(of miner: MinerRecord.ID) async throws -> TelemetrySample? {
        try await read { db in
            let newest = try Int64.fetchOne(
                db, sql: "SELECT max(ts_ms) FROM chain_snapshots WHERE miner_id = ?", arguments: [miner.rawValue])
            guard let newest else { return nil }
            return try Self.telemetry(of: miner, from: newest, to: newest + 1, includeChips: true, db).first
        }
    }

    /// The miner's telemetry in `from..<to`, oldest first.
    public func telemetryHistory(
        of miner: MinerRecord.ID, from: UnixMillis, to: UnixMillis, includeChips: Bool
    )
        async throws -> [TelemetrySample]
    {
        try await read { db in
            try Self.telemetry(of: miner, from: from.rawValue, to: to.rawValue, includeChips: includeChips, db)
        }
    }

    private static func telemetry(
        of miner: MinerRecord.ID, from: Int64, to: Int64, includeChips: Bool, _ db: Database
    ) throws -> [TelemetrySample] {
        let range: StatementArguments = [miner.rawValue, from, to]
        var chipsByKey: [BoardKey: [ChipReading]] = [:]
        if includeChips {
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT ts_ms, board, chip_count, hashrate, temp, freq, volt, errors FROM chain_chips
                        WHERE miner_id = ? AND ts_ms >= ? AND ts_ms < ?
                        """),
                arguments: range)
            while let row = try rows.next() {
                let key = BoardKey(time: try row.decode(forColumn: "ts_ms"), board: try row.decode(forColumn: "board"))
                chipsByKey[key] = try PackedChips(row: row).readings
            }
        }
        var samples: [TelemetrySample] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT \(BoardSnapshot.columns) FROM chain_snapshots
                    WHERE miner_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, board
                    """),
            arguments: range)
        while let row = try rows.next() {
            let time: Int64 = try row.decode(forColumn: "ts_ms")
            let board: Int = try row.decode(forColumn: "board")
            let snapshot = try BoardSnapshot(row: row, chips: chipsByKey[BoardKey(time: time, board: board)] ?? [])
            if let last = samples.indices.last, samples[last].time.rawValue == time {
                samples[last].boards.append(snapshot)
            } else {
                samples.append(TelemetrySample(minerID: miner, time: UnixMillis(time), boards: [snapshot]))
            }
        }
        return samples
    }

    private struct BoardKey: Hashable {
        var time: Int64
        var board: Int
    }
}
