import GRDB

extension SQLiteFleetStore {
    /// Appends samples in one transaction; a sample at an existing (miner, time) replaces it.
    public func append(statuses: [StatusSample]) async throws {
        guard !statuses.isEmpty else { return }
        try await write { db in
            let placeholders = Array(repeating: "?", count: 19).joined(separator: ", ")
            let insert = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO statuses (\(StatusSample.columns)) VALUES (\(placeholders))")
            for sample in statuses { try insert.execute(arguments: sample.arguments) }
        }
    }

    /// The newest sample of every miner, through the `miner_latest` view.
    public func latestStatuses() async throws -> [StatusSample] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(StatusSample.columns) FROM miner_latest ORDER BY miner_id")
            ).map(StatusSample.init(row:))
        }
    }

    /// A miner's samples in `from..<to`, oldest first, from both tiers (packed blocks and
    /// rows; a row wins over a packed sample at the same time).
    public func statusHistory(
        of miner: MinerRecord.ID, from: UnixMillis, to: UnixMillis, limit: Int?
    ) async throws
        -> [StatusSample]
    {
        let limit = limit.map { max(0, $0) }
        return try await read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(StatusSample.columns) FROM statuses
                        WHERE miner_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms LIMIT ?
                        """),
                arguments: [miner.rawValue, from.rawValue, to.rawValue, limit ?? -1]
            ).map(StatusSample.init(row:))
            let packed = try StatusBlocksSQL.samples(
                miner: miner.rawValue, from: from.rawValue, to: to.rawValue, limit: limit, db)
            let merged = packed.isEmpty ? rows : StatusBlocksSQL.merging(rows, over: packed)
            return limit.map { Array(merged.prefix($0)) } ?? merged
        }
    }
}
