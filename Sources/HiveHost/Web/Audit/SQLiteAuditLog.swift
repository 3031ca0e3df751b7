import Foundation
public import GRDB
import HiveProtocols

/// The ``ControlAuditLog`` in the `web_audit` table (see ``WebSchema``), append-only.
public final class SQLiteAuditLog: ControlAuditLog {
    private let writer: any DatabaseWriter

    /// Uses `writer` and applies the web migrations.
    public init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try WebSchema.migrate(writer)
    }

    /// Shares the fleet store's database pool.
    public convenience init(fleetStore: SQLiteFleetStore) throws {
        try self.init(writer: fleetStore.pool)
    }

    /// Shares a user store's database.
    public convenience init(userStore: SQLiteUserStore) throws {
        try self.init(writer: userStore.writer)
    }

    /// Stores an entry.
    @discardableResult
    public func append(_ entry: ControlAuditEntry) async throws -> ControlAuditEntry {
        let parameters = JSONValue.object(entry.parameters.mapValues(JSONValue.string)).serialized()
        let id = try await writer.write { db -> Int64 in
            try db.execute(
                sql: """
                    INSERT INTO web_audit (time_ms, actor, remote_ip, miner_id, action, parameters, outcome, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.time.rawValue, entry.actor, entry.remoteIP, entry.minerID?.rawValue, entry.action,
                    parameters, entry.outcome, entry.detail,
                ])
            return db.lastInsertedRowID
        }
        var stored = entry
        stored.id = id
        return stored
    }

    /// Entries in `from..<to`, newest first.
    public func entries(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int
    ) async throws
        -> [ControlAuditEntry]
    {
        try await writer.read { db in
            var sql = """
                SELECT id, time_ms, actor, remote_ip, miner_id, action, parameters, outcome, detail FROM web_audit
                WHERE time_ms >= ? AND time_ms < ?
                """
            var arguments: StatementArguments = [from.rawValue, to.rawValue]
            if let miner {
                sql += " AND miner_id = ?"
                arguments += [miner.rawValue]
            }
            sql += " ORDER BY time_ms DESC, id DESC LIMIT ?"
            arguments += [max(0, limit)]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.entry(row:))
        }
    }

    private static func entry(row: Row) throws -> ControlAuditEntry {
        let text = try row.decode(String.self, forColumn: "parameters")
        var parameters: [String: String] = [:]
        if let object = (try? TolerantJSONReader.parse(text))?.object {
            for (key, value) in object { parameters[key] = value.string ?? value.serialized() }
        }
        return ControlAuditEntry(
            id: try row.decode(Int64.self, forColumn: "id"),
            time: UnixMillis(try row.decode(Int64.self, forColumn: "time_ms")),
            actor: try row.decode(String.self, forColumn: "actor"),
            remoteIP: try row.decode(String?.self, forColumn: "remote_ip"),
            minerID: try row.decode(Int64?.self, forColumn: "miner_id").map { MinerRecord.ID($0) },
            action: try row.decode(String.self, forColumn: "action"), parameters: parameters,
            outcome: try row.decode(String.self, forColumn: "outcome"),
            detail: try row.decode(String?.self, forColumn: "detail"))
    }
}
