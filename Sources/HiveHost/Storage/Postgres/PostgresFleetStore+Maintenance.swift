import HiveProtocols
import PostgresNIO

extension PostgresFleetStore {
    /// Row counts per table (a partitioned table counted through its parent), bytes per table
    /// from the catalog (`pg_total_relation_size` summed over `pg_partition_tree`: heap, indexes
    /// and TOAST of every partition), and for a time series its span and rows of its last day.
    /// Reads every table; for an operator's look.
    public func stats() async throws -> StorageStats {
        let tables = try await rows(
            PostgresStatement(
                """
                SELECT c.relname AS name,
                    CASE WHEN c.relkind = 'p' THEN
                        (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t)
                    ELSE pg_total_relation_size(c.oid) END::bigint AS bytes
                FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                    AND NOT c.relispartition AND c.relname <> 'schema_migrations'
                ORDER BY c.relname
                """)
        ) { (try $0.string("name"), try $0.int("bytes")) }
        var result: [StorageStats.Table] = []
        for (name, bytes) in tables { result.append(try await tableStats(name, bytes: bytes)) }
        let total = try await databaseBytes()
        return StorageStats(tables: result, totalBytes: total, freeBytes: 0)
    }

    private func tableStats(_ name: String, bytes: Int) async throws -> StorageStats.Table {
        let timeColumns = try await rows(
            PostgresStatement(
                """
                SELECT column_name AS c FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = $1 AND column_name IN ('ts_ms', 'bucket_ms')
                """,
                [.text(name)])
        ) { try $0.string("c") }
        // Names come from the catalog query above and are quoted.
        let table = "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\""
        guard let time = timeColumns.sorted().last else {
            let count = try await rows(PostgresStatement("SELECT count(*) AS n FROM \(table)")) { try $0.int("n") }
            return StorageStats.Table(name: name, rows: count.first ?? 0, bytes: bytes)
        }
        let summary = try await rows(
            PostgresStatement("SELECT count(*) AS n, min(\(time)) AS first, max(\(time)) AS last FROM \(table)")
        ) { (try $0.int("n"), try $0.optionalInt64("first"), try $0.optionalInt64("last")) }
        let count = summary.first?.0 ?? 0
        guard let first = summary.first?.1, let last = summary.first?.2 else {
            return StorageStats.Table(name: name, rows: count, bytes: bytes)
        }
        let lastDay = try await rows(
            PostgresStatement(
                "SELECT count(*) AS n FROM \(table) WHERE \(time) > $1", [.int(last - StorageStats.Table.dayMillis)])
        ) { try $0.int("n") }.first
        return StorageStats.Table(
            name: name, rows: count, bytes: bytes, timeSpan: UnixMillis(first)...UnixMillis(last),
            rowsInLastDay: lastDay)
    }

    /// Not available on PostgreSQL: use `pg_dump` (`Docs/PostgreSQL.md`).
    public func backup(to path: String) async throws {
        throw StorageError(
            .invalidInput,
            "backup writes SQLite files only; back a PostgreSQL database up with pg_dump (Docs/PostgreSQL.md)")
    }

    /// Deletes status and telemetry older than `time`: whole partitions, then the boundary rows.
    public func deleteHistory(before time: UnixMillis) async throws -> Int {
        var deleted = 0
        for tables in [[PostgresPartitions.Table.statuses], [.chainChips], [.chainSnapshots]] {
            while true {
                let batch = try await dropAndDelete(tables, before: time.rawValue, limit: 100_000)
                deleted += batch
                if batch < 100_000 { break }
            }
        }
        return deleted
    }
}
