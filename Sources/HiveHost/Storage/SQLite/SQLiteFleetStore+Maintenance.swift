import Foundation
import GRDB

extension SQLiteFleetStore {
    /// Row counts per table, and bytes per table (indexes included) from SQLite's `dbstat`
    /// virtual table when the library has it (Debian's does); otherwise bytes are `nil` and
    /// only the file totals are known.
    public func stats() async throws -> StorageStats {
        try await read { db in
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_schema WHERE type = 'table'
                        AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name
                    """)
            var bytes: [String: Int]?
            do {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT coalesce(s.tbl_name, d.name) AS owner, sum(d.pgsize) AS bytes
                        FROM dbstat d LEFT JOIN sqlite_schema s ON s.name = d.name GROUP BY owner
                        """)
                bytes = try Dictionary(
                    rows.map {
                        (try $0.decode(String.self, forColumn: "owner"), try $0.decode(Int.self, forColumn: "bytes"))
                    },
                    uniquingKeysWith: +)
            } catch {
                bytes = nil  // no dbstat in this SQLite build
            }
            let tables = try names.map { name in
                try Self.tableStats(name, bytes: bytes.map { $0[name] ?? 0 }, db)
            }
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let pageCount = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let freePages = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            return StorageStats(tables: tables, totalBytes: pageSize * pageCount, freeBytes: pageSize * freePages)
        }
    }

    /// Rows of one table and, for a time series (a `ts_ms` or `bucket_ms` column), its time
    /// span and the rows of its last 24 hours: two scans of the table.
    private static func tableStats(_ name: String, bytes: Int?, _ db: Database) throws -> StorageStats.Table {
        let table = name.quotedDatabaseIdentifier
        let columns: [String] = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").compactMap { $0["name"] }
        guard let timeColumn = ["ts_ms", "bucket_ms", "hour_ms"].first(where: { columns.contains($0) }) else {
            let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            return StorageStats.Table(name: name, rows: rows, bytes: bytes)
        }
        let time: String = timeColumn.quotedDatabaseIdentifier
        let row = try Row.fetchOne(db, sql: "SELECT count(*), min(\(time)), max(\(time)) FROM \(table)")
        let rows: Int = row?[0] ?? 0
        guard let first: Int64 = row?[1], let last: Int64 = row?[2] else {
            return StorageStats.Table(name: name, rows: rows, bytes: bytes)
        }
        let lastDay = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM \(table) WHERE \(time) > ?",
            arguments: [last - StorageStats.Table.dayMillis])
        return StorageStats.Table(
            name: name, rows: rows, bytes: bytes, timeSpan: UnixMillis(first)...UnixMillis(last), rowsInLastDay: lastDay
        )
    }

    /// Copies the database with SQLite's online backup from a read snapshot, so writers keep
    /// going. The copy is written next to `path` and renamed into place once complete.
    public func backup(to path: String) async throws {
        let target = URL(fileURLWithPath: path)
        let partial = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).partial-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try await pool.read { source in
                let destination = try DatabaseQueue(path: partial.path)
                try destination.writeWithoutTransaction { copy in
                    try source.backup(to: copy)
                    // A self-contained file: no -wal or -shm companions to copy along.
                    try copy.execute(sql: "PRAGMA journal_mode = DELETE")
                }
                try destination.close()
            }
            // rename(2) replaces an existing file atomically.
            guard rename(partial.path, target.path) == 0 else {
                throw StorageError(.unavailable, "cannot rename the finished backup (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw StorageError(.unavailable, "backup to \(path) failed", underlying: error)
        }
    }

    /// Deletes status and telemetry rows older than `time` (chips go with their boards).
    public func deleteHistory(before time: UnixMillis) async throws -> Int {
        try await write { db in
            var deleted = 0
            for table in ["statuses", "chain_chips", "chain_snapshots"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE ts_ms < ?", arguments: [time.rawValue])
                deleted += db.changesCount
            }
            for id in try Int64.fetchAll(db, sql: "SELECT DISTINCT miner_id FROM status_blocks") {
                deleted += try StatusBlocksSQL.delete(miner: id, before: time.rawValue, limit: .max, db)
            }
            return deleted
        }
    }

    /// Gives up to `pages` free pages back to the file system (all when `nil`). Run after
    /// large deletes; the database uses `auto_vacuum=INCREMENTAL`.
    public func reclaimSpace(pages: Int? = nil) async throws {
        try await write { db in
            try db.execute(sql: "PRAGMA incremental_vacuum(\(max(0, pages ?? 0)))")
        }
    }

    /// Runs SQLite's `integrity_check` on the database file at `path` (e.g. a backup) and
    /// returns its messages: `["ok"]` for a sound file.
    public static func integrityCheck(at path: String) throws -> [String] {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
