import GRDB

extension SQLiteFleetStore {
    /// Runs SQLite's `integrity_check` on this store's file and returns its messages: `["ok"]`
    /// for a sound file. Reads every page; for an operator's check, not for a hot path.
    public func integrityCheck() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The status polls stored: distinct poll times, their span and rows per poll. Groups the
    /// whole table by time; for an operator's check, not for a hot path.
    public func statusPolls() async throws -> StatusPolls {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*), coalesce(sum(n), 0), min(ts), max(ts), min(n), max(n)
                    FROM (SELECT ts_ms AS ts, count(*) AS n FROM statuses GROUP BY ts_ms)
                    """)
            let first: Int64? = row?[2]
            let last: Int64? = row?[3]
            return StatusPolls(
                polls: row?[0] ?? 0, rows: row?[1] ?? 0, first: first.map { UnixMillis($0) },
                last: last.map { UnixMillis($0) }, fewestRows: row?[4], mostRows: row?[5])
        }
    }
}
