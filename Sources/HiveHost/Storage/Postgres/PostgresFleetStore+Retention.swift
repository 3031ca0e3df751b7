import HiveProtocols
import PostgresNIO

/// Retention on PostgreSQL: the time series drop whole day partitions older than the cutoff
/// (no row deletes, no dead tuples to vacuum), then delete the older rows left in the boundary
/// partition, at most `limit` per call; rollups and the audit log are plain tables with row
/// deletes in batches.
///
/// Rows of the boundary partition are picked by `(tableoid, ctid)`: a `ctid` alone is only
/// unique within one partition.
///
/// A call that drops partitions returns their rows plus the boundary rows it deleted, so the
/// service's "fewer than `limit` means done" loop still ends: the next call finds no partition
/// left to drop.
extension PostgresFleetStore: RetentionStore {
    public func deleteStatuses(before: UnixMillis, limit: Int) async throws -> Int {
        try await dropAndDelete([.statuses], before: before.rawValue, limit: limit)
    }

    public func deleteChipTelemetry(before: UnixMillis, limit: Int) async throws -> Int {
        try await dropAndDelete([.chainChips], before: before.rawValue, limit: limit)
    }

    public func deleteBoardSnapshots(before: UnixMillis, limit: Int) async throws -> Int {
        // Chips go with their boards; only boards are counted.
        try await dropAndDelete([.chainSnapshots, .chainChips], before: before.rawValue, limit: limit)
    }

    public func deletePlantReadings(before: UnixMillis, limit: Int) async throws -> Int {
        try await dropAndDelete([.plantReadings], before: before.rawValue, limit: limit)
    }

    public func deleteRollups(_ resolution: RollupResolution, before: UnixMillis, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await transaction("delete rollups") { connection in
            try await connection.count(
                PostgresStatement(
                    """
                    WITH gone AS (
                        DELETE FROM status_rollups WHERE (scope, resolution, bucket_ms) IN (
                            SELECT scope, resolution, bucket_ms FROM status_rollups
                            WHERE resolution = $1 AND bucket_ms < $2 ORDER BY bucket_ms LIMIT $3)
                        RETURNING 1)
                    SELECT count(*) FROM gone
                    """,
                    [.int(Int64(resolution.rawValue)), .int(before.rawValue), .int(limit)]),
                logger: logger)
        }
    }

    public func deleteBalancerAudit(before time: UnixMillis, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await transaction("delete balancer audit") { connection in
            try await connection.count(
                PostgresStatement(
                    """
                    WITH gone AS (
                        DELETE FROM balancer_audit WHERE (ts_ms, seq) IN (
                            SELECT ts_ms, seq FROM balancer_audit WHERE ts_ms < $1 ORDER BY ts_ms, seq LIMIT $2)
                        RETURNING 1)
                    SELECT count(*) FROM gone
                    """,
                    [.int(time.rawValue), .int(limit)]),
                logger: logger)
        }
    }

    public func append(rollups: [StatusRollup]) async throws {
        guard !rollups.isEmpty else { return }
        try await transaction("append rollups") { connection in
            for chunk in rollups.chunked(1_000) {
                var statement = PostgresStatement(
                    """
                    INSERT INTO status_rollups (scope, resolution, bucket_ms, samples, ok_samples, mining_samples, polls,
                        hashrate_count, hashrate_mean, hashrate_min, hashrate_max, power_count, power_mean, power_min,
                        power_max, board_temp_max, chip_temp_max) VALUES
                    """)
                statement.values(
                    chunk.map { r in
                        [
                            .int(r.scope.storageKey), .int(r.resolution.rawValue), .int(r.bucket.rawValue),
                            .int(r.samples), .int(r.okSamples), .int(r.miningSamples), .int(r.polls),
                            .int(r.hashrate?.count), .double(r.hashrate?.mean), .double(r.hashrate?.min),
                            .double(r.hashrate?.max), .int(r.power?.count), .double(r.power?.mean),
                            .double(r.power?.min), .double(r.power?.max), .double(r.boardTempMax?.value),
                            .double(r.chipTempMax?.value),
                        ]
                    })
                statement.sql += """
                     ON CONFLICT (scope, resolution, bucket_ms) DO UPDATE SET samples = excluded.samples,
                        ok_samples = excluded.ok_samples, mining_samples = excluded.mining_samples,
                        polls = excluded.polls, hashrate_count = excluded.hashrate_count,
                        hashrate_mean = excluded.hashrate_mean, hashrate_min = excluded.hashrate_min,
                        hashrate_max = excluded.hashrate_max, power_count = excluded.power_count,
                        power_mean = excluded.power_mean, power_min = excluded.power_min, power_max = excluded.power_max,
                        board_temp_max = excluded.board_temp_max, chip_temp_max = excluded.chip_temp_max
                    """
                try await connection.execute(statement, logger: logger)
            }
        }
    }

    public func latestRollupBucket(_ resolution: RollupResolution) async throws -> UnixMillis? {
        try await rows(
            PostgresStatement(
                "SELECT max(bucket_ms) AS b FROM status_rollups WHERE resolution = $1",
                [.int(Int64(resolution.rawValue))])
        ) { try $0.optionalInt64("b") }.first?.map { UnixMillis($0) }
    }

    /// Nothing to do: dropped partitions give their space back at once, and autovacuum
    /// handles the rest.
    public func reclaimFreePages(_ maxPages: Int) async throws -> Int { 0 }

    /// `pg_database_size` of the store's database.
    public func databaseBytes() async throws -> Int {
        try await rows(PostgresStatement("SELECT pg_database_size(current_database()) AS n")) { try $0.int("n") }
            .first ?? 0
    }

    /// Drops whole partitions of `tables` older than `before` (the first table's rows are
    /// counted), then deletes up to `limit` older rows left in each table's boundary
    /// partition, in one transaction holding the DDL lock.
    func dropAndDelete(_ tables: [PostgresPartitions.Table], before: Int64, limit: Int) async throws -> Int {
        guard limit > 0, let counted = tables.first else { return 0 }
        return try await transaction("retention on \(counted.name)") { connection in
            try await connection.execute(
                PostgresStatement("SELECT pg_advisory_xact_lock($1)", [.int(PostgresSchema.ddlLock)]), logger: logger)
            var removed = 0
            for table in tables {
                let dropped = try await partitions.dropWhole(table, before: before, on: connection, logger: logger)
                let deleted = try await connection.count(
                    PostgresStatement(
                        """
                        WITH gone AS (
                            DELETE FROM \(table.name) WHERE (tableoid, ctid) IN (
                                SELECT tableoid, ctid FROM \(table.name) WHERE \(table.timeColumn) < $1 LIMIT $2)
                            RETURNING 1)
                        SELECT count(*) FROM gone
                        """,
                        [.int(before), .int(limit)]),
                    logger: logger)
                if table == counted { removed = dropped + deleted }
            }
            return removed
        }
    }
}
