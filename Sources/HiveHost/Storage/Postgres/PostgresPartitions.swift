import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The day partitions of the time-series tables: created ahead of writes, dropped by retention.
///
/// A partition covers one UTC day `[day * 86_400_000, (day + 1) * 86_400_000)` of the table's
/// time column and is named `<table>_p<day>` (`<table>_pm<day>` before 1970), `day` counted
/// from the Unix epoch, so its range can be read back from its name.
///
/// Creating and dropping run in short transactions of their own holding the DDL advisory lock
/// (``PostgresSchema/ddlLock``), so instances never race on the same partition. The set of
/// partitions known to exist is cached per process; a write that finds a partition gone
/// (another instance's retention dropped it) forgets the cache and retries once.
final class PostgresPartitions: Sendable {
    /// A partitioned table and its time column.
    struct Table: Sendable, Hashable {
        let name: String
        let timeColumn: String

        static let statuses = Table(name: "statuses", timeColumn: "ts_ms")
        static let chainSnapshots = Table(name: "chain_snapshots", timeColumn: "ts_ms")
        static let chainChips = Table(name: "chain_chips", timeColumn: "ts_ms")
        static let plantReadings = Table(name: "plant_readings", timeColumn: "received_ms")
        static let all: [Table] = [.statuses, .chainSnapshots, .chainChips, .plantReadings]
    }

    static let dayMillis: Int64 = 86_400_000
    private let known = NIOLockedValueBox<Set<String>>([])

    /// The day of a timestamp (floor division, so times before 1970 work too).
    static func day(of time: Int64) -> Int64 {
        time >= 0 ? time / dayMillis : -((-time + dayMillis - 1) / dayMillis)
    }

    static func partitionName(_ table: Table, day: Int64) -> String {
        day >= 0 ? "\(table.name)_p\(day)" : "\(table.name)_pm\(-day)"
    }

    /// The day a partition name stands for; `nil` for a name this code did not make.
    static func day(ofPartition name: String, of table: Table) -> Int64? {
        let prefix = "\(table.name)_p"
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        if rest.hasPrefix("m") { return Int64(rest.dropFirst()).map { -$0 } }
        return Int64(rest)
    }

    /// Forgets every cached partition (after a write found one gone).
    func forget() {
        known.withLockedValue { $0.removeAll() }
    }

    /// Makes sure `table` has partitions for the days of `times` and the day after the newest.
    func ensure(_ table: Table, times: some Sequence<Int64>, on client: PostgresClient, logger: Logger) async throws {
        var days = Set(times.map(Self.day(of:)))
        if let newest = days.max() { days.insert(newest + 1) }
        let missing = known.withLockedValue { known in
            days.filter { !known.contains(Self.partitionName(table, day: $0)) }.sorted()
        }
        guard !missing.isEmpty else { return }
        try await client.withTransaction(logger: logger) { connection in
            try await connection.execute(
                PostgresStatement("SELECT pg_advisory_xact_lock($1)", [.int(PostgresSchema.ddlLock)]), logger: logger)
            for day in missing {
                let name = Self.partitionName(table, day: day)
                let lower = day * Self.dayMillis
                // Bounds are numbers this code computed, so writing them into the text is safe
                // (DDL cannot take bound parameters).
                try await connection.execute(
                    PostgresStatement(
                        """
                        CREATE TABLE IF NOT EXISTS \(name) PARTITION OF \(table.name)
                        FOR VALUES FROM (\(lower)) TO (\(lower + Self.dayMillis))
                        """),
                    logger: logger)
            }
        }
        known.withLockedValue { known in
            for day in missing { known.insert(Self.partitionName(table, day: day)) }
        }
    }

    /// The partitions of `table` and their days, oldest first.
    func list(_ table: Table, on connection: PostgresConnection, logger: Logger) async throws -> [(String, Int64)] {
        let names = try await connection.rows(
            PostgresStatement(
                """
                SELECT c.relname AS name FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = $1 AND p.relnamespace = current_schema()::regnamespace
                """,
                [.text(table.name)]),
            logger: logger
        ) { try $0.string("name") }
        return names.compactMap { name in Self.day(ofPartition: name, of: table).map { (name, $0) } }
            .sorted { $0.1 < $1.1 }
    }

    /// Drops the partitions of `table` that lie wholly before `before`, returning how many rows
    /// they held. Runs in the caller's transaction, which must hold the DDL lock.
    func dropWhole(
        _ table: Table, before: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        var rows = 0
        for (name, day) in try await list(table, on: connection, logger: logger)
        where (day + 1) * Self.dayMillis <= before {
            rows += try await connection.count(PostgresStatement("SELECT count(*) FROM \(name)"), logger: logger)
            try await connection.execute(PostgresStatement("DROP TABLE \(name)"), logger: logger)
            _ = known.withLockedValue { $0.remove(name) }
        }
        return rows
    }
}
