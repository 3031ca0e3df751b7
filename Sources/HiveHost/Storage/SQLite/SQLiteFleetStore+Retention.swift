import GRDB
import HiveProtocols

/// Retention on SQLite: age-based deletes in small batches and the rollup table.
///
/// History tables are keyed (miner, time), so "older than T" is a range per miner, not a scan of
/// the whole table. Each call deletes at most `limit` rows, walking miners in id order, and the
/// service calls again until fewer than `limit` come back — so the single writer is never held
/// for long and no extra time index (≈30 % more bytes on `statuses`) is needed.
extension SQLiteFleetStore: RetentionStore {
    public func deleteStatuses(before: UnixMillis, limit: Int) async throws -> Int {
        let rows = try await deletePerScope(
            table: "statuses", scopeColumn: "miner_id", timeColumn: "ts_ms", key: "miner_id, ts_ms",
            before: before, limit: limit)
        guard rows < limit else { return rows }
        return try await write { db in
            var deleted = rows
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM miners") where deleted < limit {
                deleted += try StatusBlocksSQL.delete(miner: id, before: before.rawValue, limit: limit - deleted, db)
            }
            return deleted
        }
    }

    /// Packs rows older than `before` into hourly blocks, miner by miner, until at least
    /// `limit` rows are packed; see ``StatusBlocksSQL``.
    public func compactStatuses(before: UnixMillis, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await write { db in
            var packed = 0
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM miners") where packed < limit {
                packed += try StatusBlocksSQL.compact(miner: id, before: before.rawValue, db)
            }
            return packed
        }
    }

    public func deleteChipTelemetry(before: UnixMillis, limit: Int) async throws -> Int {
        try await deletePerScope(
            table: "chain_chips", scopeColumn: "miner_id", timeColumn: "ts_ms",
            key: "miner_id, ts_ms, board", before: before, limit: limit)
    }

    public func deleteBoardSnapshots(before: UnixMillis, limit: Int) async throws -> Int {
        // Chips of a deleted board go with it (ON DELETE CASCADE); count only boards.
        try await deletePerScope(
            table: "chain_snapshots", scopeColumn: "miner_id", timeColumn: "ts_ms",
            key: "miner_id, ts_ms, board", before: before, limit: limit)
    }

    public func deleteRollups(_ resolution: RollupResolution, before: UnixMillis, limit: Int) async throws -> Int {
        try await deletePerScope(
            table: "status_rollups", scopeColumn: "scope", timeColumn: "bucket_ms",
            key: "scope, resolution, bucket_ms", extraCondition: "resolution = \(resolution.rawValue)",
            scopes: "SELECT 0 UNION ALL SELECT id FROM miners", before: before, limit: limit)
    }

    public func append(rollups: [StatusRollup]) async throws {
        guard !rollups.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO status_rollups (scope, resolution, bucket_ms, samples, ok_samples,
                        mining_samples, polls, hashrate_count, hashrate_mean, hashrate_min, hashrate_max,
                        power_count, power_mean, power_min, power_max, board_temp_max, chip_temp_max)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for r in rollups {
                try statement.execute(arguments: [
                    r.scope.storageKey, r.resolution.rawValue, r.bucket.rawValue, r.samples, r.okSamples,
                    r.miningSamples, r.polls, r.hashrate?.count, r.hashrate?.mean, r.hashrate?.min, r.hashrate?.max,
                    r.power?.count, r.power?.mean, r.power?.min, r.power?.max, r.boardTempMax?.value,
                    r.chipTempMax?.value,
                ])
            }
        }
    }

    public func latestRollupBucket(_ resolution: RollupResolution) async throws -> UnixMillis? {
        try await read { db in
            // The fleet scope has a row for every bucket that has any row: one index seek.
            let fleet = try Int64.fetchOne(
                db, sql: "SELECT max(bucket_ms) FROM status_rollups WHERE scope = 0 AND resolution = ?",
                arguments: [resolution.rawValue])
            let any =
                try fleet
                ?? Int64.fetchOne(
                    db, sql: "SELECT max(bucket_ms) FROM status_rollups WHERE resolution = ?",
                    arguments: [resolution.rawValue])
            return any.map { UnixMillis($0) }
        }
    }

    /// Rollups of one scope and resolution in `[from, to)`, oldest first.
    public func rollups(
        _ scope: RollupScope, resolution: RollupResolution, from: UnixMillis, to: UnixMillis
    ) async throws -> [StatusRollup] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM status_rollups WHERE scope = ? AND resolution = ? AND bucket_ms >= ?
                        AND bucket_ms < ? ORDER BY bucket_ms
                    """,
                arguments: [scope.storageKey, resolution.rawValue, from.rawValue, to.rawValue]
            ).map(Self.rollup)
        }
    }

    public func reclaimFreePages(_ maxPages: Int) async throws -> Int {
        try await write { db in
            let before = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            try db.execute(sql: "PRAGMA incremental_vacuum(\(max(0, maxPages)))")
            let after = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            return max(0, before - after)
        }
    }

    public func databaseBytes() async throws -> Int {
        try await read { db in
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let pageCount = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            return pageSize * pageCount
        }
    }

    private func deletePerScope(
        table: String, scopeColumn: String, timeColumn: String, key: String, extraCondition: String? = nil,
        scopes: String = "SELECT id FROM miners", before: UnixMillis, limit: Int
    ) async throws -> Int {
        guard limit > 0 else { return 0 }
        let condition = extraCondition.map { " AND \($0)" } ?? ""
        return try await write { db in
            var deleted = 0
            // Scopes that may hold history: every miner (rows cascade away with a deleted miner).
            let ids = try Int64.fetchAll(db, sql: scopes)
            for id in ids where deleted < limit {
                try db.execute(
                    sql: """
                        DELETE FROM \(table) WHERE (\(key)) IN (
                            SELECT \(key) FROM \(table)
                            WHERE \(scopeColumn) = ? AND \(timeColumn) < ?\(condition) LIMIT ?)
                        """,
                    arguments: [id, before.rawValue, limit - deleted])
                deleted += db.changesCount
            }
            return deleted
        }
    }

    static func rollup(_ row: Row) -> StatusRollup {
        func aggregate(_ prefix: String) -> RollupAggregate? {
            guard let count: Int = row["\(prefix)_count"], let mean: Double = row["\(prefix)_mean"],
                let min: Double = row["\(prefix)_min"], let max: Double = row["\(prefix)_max"]
            else { return nil }
            return RollupAggregate(count: count, mean: mean, min: min, max: max)
        }
        return StatusRollup(
            scope: RollupScope(storageKey: row["scope"]),
            resolution: RollupResolution(rawValue: row["resolution"]) ?? .hour,
            bucket: UnixMillis(row["bucket_ms"] as Int64), samples: row["samples"], okSamples: row["ok_samples"],
            miningSamples: row["mining_samples"], polls: row["polls"], hashrate: aggregate("hashrate"),
            power: aggregate("power"), boardTempMax: (row["board_temp_max"] as Double?).map(Celsius.init),
            chipTempMax: (row["chip_temp_max"] as Double?).map(Celsius.init))
    }
}
