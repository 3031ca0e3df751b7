import GRDB

extension SQLiteFleetStore {
    /// Runs SQLite's `integrity_check` on this store's file and returns its messages: `["ok"]`
    /// for a sound file. Reads every page; for an operator's check, not for a hot path.
    public func integrityCheck() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The status polls stored, rows and packed blocks alike: distinct poll times, their span
    /// and samples per poll. Reads the whole history; for an operator's check, not for a hot
    /// path.
    public func statusPolls() async throws -> StatusPolls {
        try await read { db in
            var counts: [Int64: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT ts_ms, count(*) FROM statuses GROUP BY ts_ms")
            while let row = try rows.next() { counts[row[0], default: 0] += row[1] as Int }
            try StatusBlocksSQL.pollTimes(db, into: &counts)
            return StatusPolls(
                polls: counts.count, rows: counts.values.reduce(0, +), first: counts.keys.min().map { UnixMillis($0) },
                last: counts.keys.max().map { UnixMillis($0) }, fewestRows: counts.values.min(),
                mostRows: counts.values.max())
        }
    }
}
