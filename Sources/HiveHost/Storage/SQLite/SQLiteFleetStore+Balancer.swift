import Foundation
import GRDB
import HiveProtocols

/// The balancer's state (`balancer_state`, one row of JSON) and audit log (`balancer_audit`),
/// migration `v3-plant-balancer` (`Docs/BalancerStorage.md`). Writes go through the store's
/// single writer, a batch of audit rows in one transaction; reads run on the reader pool.
extension SQLiteFleetStore: BalancerStore {
    /// The saved state, if any.
    public func loadBalancerState() async throws -> BalancerState? {
        let json = try await read { db in
            try String.fetchOne(db, sql: "SELECT state_json FROM balancer_state WHERE id = 1")
        }
        guard let json else { return nil }
        do {
            return try JSONDecoder().decode(BalancerState.self, from: Data(json.utf8))
        } catch {
            throw StorageError(.internalInconsistency, "the saved balancer state cannot be read", underlying: error)
        }
    }

    /// Replaces the saved state (`saved_ms`: its last decision, else its start; the store reads
    /// no clock).
    public func save(balancerState state: BalancerState) async throws {
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        let saved = (state.lastDecisionAt ?? state.startedAt)?.rawValue ?? 0
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO balancer_state (id, saved_ms, state_json) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET saved_ms = excluded.saved_ms, state_json = excluded.state_json
                    """,
                arguments: [saved, json])
        }
    }

    /// Appends entries in one transaction; an entry with an existing id replaces it.
    public func append(audit: [BalancerAuditEntry]) async throws {
        guard !audit.isEmpty else { return }
        let rows = try audit.map(AuditRow.arguments)
        try await write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO balancer_audit (\(AuditRow.columns)) VALUES (\(AuditRow.marks))")
            for row in rows { try insert.execute(arguments: row) }
        }
    }

    /// Updates outcomes in one transaction; unknown ids are skipped.
    public func update(audit: [BalancerAuditUpdate]) async throws {
        guard !audit.isEmpty else { return }
        try await write { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE balancer_audit SET outcome = ?, detail = COALESCE(?, detail),
                        observed_delta_w = COALESCE(?, observed_delta_w), updated_ms = ?
                    WHERE ts_ms = ? AND seq = ?
                    """)
            for item in audit {
                try update.execute(arguments: [
                    item.outcome.rawValue, item.detail, item.observedDelta?.stored, item.at.rawValue,
                    item.id.time.rawValue, item.id.sequence,
                ])
            }
        }
    }

    /// Entries with an action time in `from..<to`, of one miner (index `balancer_audit_miner`)
    /// or all, oldest first, at most `limit`.
    public func auditEntries(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int?
    ) async throws
        -> [BalancerAuditEntry]
    {
        let limit = limit.map { max(0, $0) } ?? -1
        return try await read { db in
            let rows: [Row]
            if let miner {
                rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT \(AuditRow.columns) FROM balancer_audit
                            WHERE miner_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, seq LIMIT ?
                            """),
                    arguments: [miner.rawValue, from.rawValue, to.rawValue, limit])
            } else {
                rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT \(AuditRow.columns) FROM balancer_audit
                            WHERE ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, seq LIMIT ?
                            """),
                    arguments: [from.rawValue, to.rawValue, limit])
            }
            return try rows.map(AuditRow.entry)
        }
    }

    /// Deletes up to `limit` audit entries issued before `time`, oldest first (retention, in
    /// batches through ``RetentionService``); returns how many.
    @discardableResult
    public func deleteBalancerAudit(before time: UnixMillis, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM balancer_audit WHERE (ts_ms, seq) IN (
                        SELECT ts_ms, seq FROM balancer_audit WHERE ts_ms < ? ORDER BY ts_ms, seq LIMIT ?)
                    """,
                arguments: [time.rawValue, limit])
            return db.changesCount
        }
    }
}

extension SQLiteFleetStore {
    /// The operator's balancer policies by scope (`miner:<id>` or `model:<model name>`); the
    /// balancer applies a miner's own, else its model's, else the defaults.
    public func balancerPolicies() async throws -> [String: MinerPolicy] {
        try await read { db in
            var table: [String: MinerPolicy] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT scope, locked, priority, min_w, max_w, allow_sleep, allow_untuned, allow_modded_psu
                    FROM balancer_policies
                    """)
            for row in rows {
                table[try row.string("scope")] = MinerPolicy(
                    locked: try row.bool("locked"), priority: try row.int("priority"),
                    minWatts: try row.quantity("min_w"),
                    maxWatts: try row.quantity("max_w"), allowSleep: try row.bool("allow_sleep"),
                    allowUntunedPresets: try row.bool("allow_untuned"), allowModdedPSU: try row.bool("allow_modded_psu")
                )
            }
            return table
        }
    }

    /// Stores the policy for `scope` (`miner:<id>` or `model:<model name>`), replacing any.
    /// `managed` is not stored here: it is the inventory's `managed` flag.
    public func save(balancerPolicy policy: MinerPolicy, scope: String, at time: UnixMillis) async throws {
        guard scope.hasPrefix("miner:") || scope.hasPrefix("model:") else {
            throw StorageError(.invalidInput, "policy scope '\(scope)' is neither miner:<id> nor model:<name>")
        }
        try await write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO balancer_policies
                        (scope, locked, priority, min_w, max_w, allow_sleep, allow_untuned, allow_modded_psu, updated_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    scope, policy.locked, policy.priority, policy.minWatts?.stored, policy.maxWatts?.stored,
                    policy.allowSleep, policy.allowUntunedPresets, policy.allowModdedPSU, time.rawValue,
                ])
        }
    }

    /// Deletes the policy for `scope` (the miner falls back to its model's, or the defaults).
    public func deleteBalancerPolicy(scope: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM balancer_policies WHERE scope = ?", arguments: [scope])
        }
    }
}

/// The mapping between ``BalancerAuditEntry`` and a `balancer_audit` row.
private enum AuditRow {
    static let columns = """
        ts_ms, seq, decided_ms, miner_id, actor, command_json, from_json, to_json, reason, expected_delta_w,
        observed_delta_w, outcome, detail, updated_ms
        """
    static let marks = Array(repeating: "?", count: 14).joined(separator: ", ")

    static func arguments(_ entry: BalancerAuditEntry) throws -> StatementArguments {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        var values: [(any DatabaseValueConvertible)?] = [
            entry.id.time.rawValue, entry.id.sequence, entry.time.rawValue,
        ]
        values += [entry.minerID.rawValue, entry.actor.description, try json(entry.command)]
        values += [try entry.from.map(json), try json(entry.to), entry.reason, entry.expectedDelta.stored ?? 0]
        values += [entry.observedDelta?.stored, entry.outcome.rawValue, entry.detail, entry.updatedAt.rawValue]
        return StatementArguments(values)
    }

    static func entry(_ row: Row) throws -> BalancerAuditEntry {
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ column: String) throws -> T {
            try decoder.decode(type, from: Data(try row.string(column).utf8))
        }
        let outcomeText = try row.string("outcome")
        guard let outcome = BalancerAuditEntry.Outcome(rawValue: outcomeText) else {
            throw StorageError(.internalInconsistency, "balancer_audit.outcome '\(outcomeText)' is unknown")
        }
        let actorText = try row.string("actor")
        let actor: BalancerAuditEntry.Actor =
            actorText.hasPrefix("user:") ? .user(String(actorText.dropFirst(5))) : .balancer
        let from = try row.optionalString("from_json").map {
            try decoder.decode(PowerControl.Setting.self, from: Data($0.utf8))
        }
        return BalancerAuditEntry(
            id: BalancerActionID(time: UnixMillis(try row.int64("ts_ms")), sequence: try row.int("seq")),
            time: UnixMillis(try row.int64("decided_ms")), minerID: MinerRecord.ID(try row.int64("miner_id")),
            command: try decode(MinerCommand.self, "command_json"), from: from,
            to: try decode(PowerControl.Setting.self, "to_json"), reason: try row.string("reason"),
            expectedDelta: try row.quantity("expected_delta_w") ?? .zero,
            observedDelta: try row.quantity("observed_delta_w"),
            outcome: outcome, detail: try row.optionalString("detail"), actor: actor,
            updatedAt: UnixMillis(try row.int64("updated_ms")))
    }
}
