import Foundation
import HiveProtocols
import PostgresNIO

extension PostgresFleetStore {
    /// Rows per multi-row `INSERT` (19 values each: well under the 65 535 bound values a
    /// statement may carry).
    static let statusRowsPerStatement = 1_000

    /// Appends samples in one transaction, as multi-row `INSERT … ON CONFLICT DO UPDATE`; a
    /// sample at an existing (miner, time) replaces it (the last of a batch wins).
    public func append(statuses: [StatusSample]) async throws {
        guard !statuses.isEmpty else { return }
        var latest: [StatusKey: Int] = [:]
        for (index, sample) in statuses.enumerated() {
            latest[StatusKey(miner: sample.minerID.rawValue, time: sample.time.rawValue)] = index
        }
        let unique = latest.values.sorted().map { statuses[$0] }
        let columns = StatusSample.columns.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let updates = columns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try await withPartitions(.statuses, times: unique.map(\.time.rawValue)) {
            try await transaction("append statuses") { connection in
                for chunk in unique.chunked(Self.statusRowsPerStatement) {
                    var statement = PostgresStatement("INSERT INTO statuses (\(StatusSample.columns)) VALUES ")
                    statement.values(chunk.map(\.postgresValues))
                    statement.sql += " ON CONFLICT (miner_id, ts_ms) DO UPDATE SET \(updates)"
                    try await connection.execute(statement, logger: logger)
                }
            }
        }
    }

    /// The newest sample of every miner, through the `miner_latest` view.
    public func latestStatuses() async throws -> [StatusSample] {
        try await rows(
            PostgresStatement("SELECT \(StatusSample.columns) FROM miner_latest ORDER BY miner_id"),
            StatusSample.init(postgres:))
    }

    /// A miner's samples in `from..<to`, oldest first.
    public func statusHistory(
        of miner: MinerRecord.ID, from: UnixMillis, to: UnixMillis, limit: Int?
    ) async throws
        -> [StatusSample]
    {
        try await rows(
            PostgresStatement(
                """
                SELECT \(StatusSample.columns) FROM statuses
                WHERE miner_id = $1 AND ts_ms >= $2 AND ts_ms < $3 ORDER BY ts_ms LIMIT $4
                """,
                [.int(miner.rawValue), .int(from.rawValue), .int(to.rawValue), .int(limit.map { max(0, $0) })]),
            StatusSample.init(postgres:))
    }

    /// Every miner's samples in `from..<to` in one range read (rollups).
    public func allStatuses(from: UnixMillis, to: UnixMillis) async throws -> [StatusSample] {
        try await rows(
            PostgresStatement(
                "SELECT \(StatusSample.columns) FROM statuses WHERE ts_ms >= $1 AND ts_ms < $2 ORDER BY miner_id, ts_ms",
                [.int(from.rawValue), .int(to.rawValue)]),
            StatusSample.init(postgres:))
    }

    /// The oldest sample's time: the oldest partition that has a row answers.
    public func oldestStatusTime() async throws -> UnixMillis? {
        try await rows(PostgresStatement("SELECT min(ts_ms) AS t FROM statuses")) { try $0.optionalInt64("t") }
            .first?.map { UnixMillis($0) }
    }

    /// Runs `write` after making sure `tables` have partitions for `times`; if the write finds a
    /// partition gone (another instance's retention dropped it), forgets the cache and tries
    /// once more.
    func withPartitions(
        _ tables: PostgresPartitions.Table..., times: [Int64], _ write: () async throws -> Void
    ) async throws {
        for table in tables { try await ensurePartitions(table, times: times) }
        do {
            try await write()
        } catch  where PostgresServerError.isMissingPartition(error) {
            partitions.forget()
            for table in tables { try await ensurePartitions(table, times: times) }
            try await write()
        }
    }

    func ensurePartitions(_ table: PostgresPartitions.Table, times: [Int64]) async throws {
        do {
            try await partitions.ensure(table, times: times, on: client, logger: logger)
        } catch {
            throw StorageError(
                .unavailable, "cannot create partitions of \(table.name)", underlying: PostgresServerError(error))
        }
    }

    private struct StatusKey: Hashable {
        var miner: Int64
        var time: Int64
    }
}
