import Foundation
import GRDB
import HiveProtocols

/// Status history in two tiers: new samples land as rows of `statuses`; the retention service
/// packs each miner's completed hours into one `status_blocks` row (see ``PackedStatuses``)
/// and deletes the rows it packed, keeping every miner's newest row, which `miner_latest`
/// reads. A sample is in exactly one tier, except that a sample written again for a time
/// already packed lands as a row and wins until the next pack merges it in.
///
/// All functions run inside the caller's transaction.
enum StatusBlocksSQL {
    static let hourMillis: Int64 = 3_600_000

    /// The start of the UTC hour holding `millis` (`Int64.min` for the partial hour at the
    /// very bottom of the range).
    static func hour(of millis: Int64) -> Int64 {
        let (start, overflow) = millis.subtractingReportingOverflow(((millis % hourMillis) + hourMillis) % hourMillis)
        return overflow ? .min : start
    }

    /// Packs the miner's rows older than `before` (except its newest row) into hourly blocks,
    /// merging with blocks already there, and deletes the rows. Returns the rows packed.
    static func compact(miner: Int64, before: Int64, _ db: Database) throws -> Int {
        let raw = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(StatusSample.columns) FROM statuses WHERE miner_id = ? AND ts_ms < ?
                        AND ts_ms < (SELECT max(ts_ms) FROM statuses WHERE miner_id = ?) ORDER BY ts_ms
                    """),
            arguments: [miner, before, miner]
        ).map(StatusSample.init(row:))
        guard let last = raw.last else { return 0 }
        for (hour, rows) in Dictionary(grouping: raw, by: { self.hour(of: $0.time.rawValue) }) {
            let packed = try block(miner: miner, hour: hour, db) ?? []
            try store(merging(rows, over: packed), miner: miner, hour: hour, db)
        }
        try db.execute(
            sql: "DELETE FROM statuses WHERE miner_id = ? AND ts_ms <= ?", arguments: [miner, last.time.rawValue])
        return raw.count
    }

    /// The miner's packed samples with `from <= time < to`, oldest first; with a limit, at
    /// least the first `limit` of them (whole blocks are read).
    static func samples(miner: Int64, from: Int64, to: Int64, limit: Int?, _ db: Database) throws -> [StatusSample] {
        guard from < to else { return [] }
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT hour_ms, data FROM status_blocks
                    WHERE miner_id = ? AND hour_ms >= ? AND hour_ms < ? AND last_ms >= ? ORDER BY hour_ms
                    """),
            arguments: [miner, hour(of: from), to, from])
        var samples: [StatusSample] = []
        while let row = try cursor.next() {
            if let limit, samples.count >= limit { break }
            let decoded = try unpack(row["data"], miner: miner, hour: row["hour_ms"])
            samples += decoded.filter { $0.time.rawValue >= from && $0.time.rawValue < to }
        }
        return samples
    }

    /// Deletes packed samples older than `before`, whole blocks where they are entirely older
    /// and by repacking the block that straddles `before`. Stops once `limit` samples are
    /// deleted (a block is never split by the limit, so one call may pass it by one block).
    static func delete(miner: Int64, before: Int64, limit: Int, _ db: Database) throws -> Int {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT hour_ms, last_ms, samples FROM status_blocks
                    WHERE miner_id = ? AND hour_ms < ? AND first_ms < ? ORDER BY hour_ms LIMIT ?
                    """),
            arguments: [miner, before, before, max(1, limit)])
        var deleted = 0
        for row in rows where deleted < limit {
            let hour: Int64 = row["hour_ms"]
            if (row["last_ms"] as Int64) < before {
                try db.execute(
                    sql: "DELETE FROM status_blocks WHERE miner_id = ? AND hour_ms = ?", arguments: [miner, hour])
                deleted += row["samples"] as Int
            } else {
                let samples = try block(miner: miner, hour: hour, db) ?? []
                let kept = samples.filter { $0.time.rawValue >= before }
                try store(kept, miner: miner, hour: hour, db)
                deleted += samples.count - kept.count
            }
        }
        return deleted
    }

    /// Moves a miner's blocks onto another miner; where both have a block for an hour, the
    /// target's samples win at equal times.
    static func move(from source: Int64, to target: Int64, _ db: Database) throws {
        let hours = try Int64.fetchAll(
            db, sql: "SELECT hour_ms FROM status_blocks WHERE miner_id = ?", arguments: [source])
        for hour in hours {
            let moved = try block(miner: source, hour: hour, db) ?? []
            let kept = try block(miner: target, hour: hour, db) ?? []
            try store(merging(kept, over: moved), miner: target, hour: hour, db)
            try db.execute(
                sql: "DELETE FROM status_blocks WHERE miner_id = ? AND hour_ms = ?", arguments: [source, hour])
        }
    }

    /// Every packed sample time with its count of samples, for `db check`.
    static func pollTimes(_ db: Database, into counts: inout [Int64: Int]) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT miner_id, hour_ms, data FROM status_blocks")
        while let row = try cursor.next() {
            let bytes: [UInt8] = [UInt8](row["data"] as Data? ?? Data())
            do {
                for time in try PackedStatuses.times(bytes) { counts[time.rawValue, default: 0] += 1 }
            } catch {
                throw damaged(miner: row["miner_id"], hour: row["hour_ms"], error)
            }
        }
    }

    /// `newer` plus the samples of `older` at times `newer` does not have, by time.
    static func merging(_ newer: [StatusSample], over older: [StatusSample]) -> [StatusSample] {
        let times = Set(newer.map(\.time))
        return (newer + older.filter { !times.contains($0.time) }).sorted { $0.time < $1.time }
    }

    private static func block(miner: Int64, hour: Int64, _ db: Database) throws -> [StatusSample]? {
        let data = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT data FROM status_blocks WHERE miner_id = ? AND hour_ms = ?"),
            arguments: [miner, hour])
        return try data.map { try unpack($0, miner: miner, hour: hour) }
    }

    /// Writes the block for (miner, hour), or deletes it when there are no samples.
    private static func store(_ samples: [StatusSample], miner: Int64, hour: Int64, _ db: Database) throws {
        guard let first = samples.first, let last = samples.last else {
            try db.execute(
                sql: "DELETE FROM status_blocks WHERE miner_id = ? AND hour_ms = ?", arguments: [miner, hour])
            return
        }
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO status_blocks (miner_id, hour_ms, first_ms, last_ms, samples, data)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            miner, hour, first.time.rawValue, last.time.rawValue, samples.count, Data(PackedStatuses.pack(samples)),
        ])
    }

    private static func unpack(_ data: Data?, miner: Int64, hour: Int64) throws -> [StatusSample] {
        do {
            return try PackedStatuses.unpack([UInt8](data ?? Data()), minerID: MinerRecord.ID(miner))
        } catch {
            throw damaged(miner: miner, hour: hour, error)
        }
    }

    private static func damaged(miner: Int64, hour: Int64, _ error: any Error) -> StorageError {
        StorageError(
            .internalInconsistency, "status block of miner \(miner) at hour \(UnixMillis(hour)) is damaged",
            underlying: error)
    }
}
