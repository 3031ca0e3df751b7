import HiveProtocols
import PostgresNIO

/// The ``ControlAuditLog`` in PostgreSQL's `web_audit` table, append-only (as
/// ``SQLiteAuditLog``).
public final class PostgresAuditLog: ControlAuditLog {
    let store: PostgresFleetStore

    /// Uses `store`'s pool.
    public init(store: PostgresFleetStore) {
        self.store = store
    }

    /// Stores an entry.
    @discardableResult
    public func append(_ entry: ControlAuditEntry) async throws -> ControlAuditEntry {
        let parameters = JSONValue.object(entry.parameters.mapValues(JSONValue.string)).serialized()
        let ids = try await store.rows(
            PostgresStatement(
                """
                INSERT INTO web_audit (time_ms, actor, remote_ip, miner_id, action, parameters, outcome, detail)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                """,
                [
                    .int(entry.time.rawValue), .text(entry.actor), .text(entry.remoteIP), .int(entry.minerID?.rawValue),
                    .text(entry.action), .text(parameters), .text(entry.outcome), .text(entry.detail),
                ])
        ) { try $0.int64("id") }
        var stored = entry
        stored.id = ids.first
        return stored
    }

    /// Entries in `from..<to`, newest first.
    public func entries(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int
    ) async throws
        -> [ControlAuditEntry]
    {
        var values: [PostgresValue] = [.int(from.rawValue), .int(to.rawValue), .int(max(0, limit))]
        var condition = ""
        if let miner {
            values.append(.int(miner.rawValue))
            condition = " AND miner_id = $4"
        }
        return try await store.rows(
            PostgresStatement(
                """
                SELECT id, time_ms, actor, remote_ip, miner_id, action, parameters, outcome, detail FROM web_audit
                WHERE time_ms >= $1 AND time_ms < $2\(condition) ORDER BY time_ms DESC, id DESC LIMIT $3
                """,
                values),
            Self.entry)
    }

    private static func entry(_ row: PostgresRandomAccessRow) throws -> ControlAuditEntry {
        var parameters: [String: String] = [:]
        if let object = (try? TolerantJSONReader.parse(try row.string("parameters")))?.object {
            for (key, value) in object { parameters[key] = value.string ?? value.serialized() }
        }
        return ControlAuditEntry(
            id: try row.int64("id"), time: UnixMillis(try row.int64("time_ms")), actor: try row.string("actor"),
            remoteIP: try row.optionalString("remote_ip"),
            minerID: try row.optionalInt64("miner_id").map { MinerRecord.ID($0) },
            action: try row.string("action"), parameters: parameters, outcome: try row.string("outcome"),
            detail: try row.optionalString("detail"))
    }
}
