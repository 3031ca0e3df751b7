import Foundation
import HiveProtocols
import PostgresNIO

/// The balancer's state (one row of JSON), audit log and policies, as on SQLite
/// (`Docs/BalancerStorage.md`).
extension PostgresFleetStore: BalancerStore, BalancerPolicyStore {
    /// The saved state, if any.
    public func loadBalancerState() async throws -> BalancerState? {
        let json = try await rows(PostgresStatement("SELECT state_json FROM balancer_state WHERE id = 1")) {
            try $0.string("state_json")
        }.first
        guard let json else { return nil }
        do {
            return try JSONDecoder().decode(BalancerState.self, from: Data(json.utf8))
        } catch {
            throw StorageError(.internalInconsistency, "the saved balancer state cannot be read", underlying: error)
        }
    }

    /// Replaces the saved state.
    public func save(balancerState state: BalancerState) async throws {
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        let saved = (state.lastDecisionAt ?? state.startedAt)?.rawValue ?? 0
        try await execute(
            PostgresStatement(
                """
                INSERT INTO balancer_state (id, saved_ms, state_json) VALUES (1, $1, $2)
                ON CONFLICT (id) DO UPDATE SET saved_ms = excluded.saved_ms, state_json = excluded.state_json
                """,
                [.int(saved), .text(json)]))
    }

    /// Appends entries in one statement; an entry with an existing id replaces it.
    public func append(audit: [BalancerAuditEntry]) async throws {
        guard !audit.isEmpty else { return }
        var latest: [BalancerActionID: BalancerAuditEntry] = [:]
        var order: [BalancerActionID] = []
        for entry in audit {
            if latest[entry.id] == nil { order.append(entry.id) }
            latest[entry.id] = entry
        }
        let values = try order.compactMap { latest[$0] }.map(PostgresAuditRow.values)
        let columns = PostgresAuditRow.columns.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let updates = columns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try await transaction("append audit") { connection in
            for chunk in values.chunked(1_000) {
                var statement = PostgresStatement("INSERT INTO balancer_audit (\(PostgresAuditRow.columns)) VALUES ")
                statement.values(Array(chunk))
                statement.sql += " ON CONFLICT (ts_ms, seq) DO UPDATE SET \(updates)"
                try await connection.execute(statement, logger: logger)
            }
        }
    }

    /// Updates outcomes in one transaction; unknown ids are skipped.
    public func update(audit: [BalancerAuditUpdate]) async throws {
        guard !audit.isEmpty else { return }
        try await transaction("update audit") { connection in
            for item in audit {
                try await connection.execute(
                    PostgresStatement(
                        """
                        UPDATE balancer_audit SET outcome = $1, detail = coalesce($2, detail),
                            observed_delta_w = coalesce($3, observed_delta_w), updated_ms = $4
                        WHERE ts_ms = $5 AND seq = $6
                        """,
                        [
                            .text(item.outcome.rawValue), .text(item.detail), .double(item.observedDelta?.value),
                            .int(item.at.rawValue), .int(item.id.time.rawValue), .int(item.id.sequence),
                        ]),
                    logger: logger)
            }
        }
    }

    /// Entries with an action time in `from..<to`, of one miner or all, oldest first.
    public func auditEntries(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int?
    ) async throws
        -> [BalancerAuditEntry]
    {
        var values: [PostgresValue] = [.int(from.rawValue), .int(to.rawValue), .int(limit.map { max(0, $0) })]
        var condition = ""
        if let miner {
            values.append(.int(miner.rawValue))
            condition = " AND miner_id = $4"
        }
        let statement = PostgresStatement(
            """
            SELECT \(PostgresAuditRow.columns) FROM balancer_audit
            WHERE ts_ms >= $1 AND ts_ms < $2\(condition) ORDER BY ts_ms, seq LIMIT $3
            """,
            values)
        return try await rows(statement, PostgresAuditRow.entry)
    }

    /// The operator's policies by scope (`miner:<id>` or `model:<name>`).
    public func balancerPolicies() async throws -> [String: MinerPolicy] {
        let pairs = try await rows(
            PostgresStatement(
                """
                SELECT scope, locked, priority, min_w, max_w, allow_sleep, allow_untuned, allow_modded_psu
                FROM balancer_policies
                """)
        ) { row in
            (
                try row.string("scope"),
                MinerPolicy(
                    locked: try row.bool("locked"), priority: try row.int("priority"),
                    minWatts: try row.quantity("min_w"),
                    maxWatts: try row.quantity("max_w"), allowSleep: try row.bool("allow_sleep"),
                    allowUntunedPresets: try row.bool("allow_untuned"), allowModdedPSU: try row.bool("allow_modded_psu")
                )
            )
        }
        return Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }

    /// Stores the policy for `scope`, replacing any.
    public func save(balancerPolicy policy: MinerPolicy, scope: String, at time: UnixMillis) async throws {
        guard scope.hasPrefix("miner:") || scope.hasPrefix("model:") else {
            throw StorageError(.invalidInput, "policy scope '\(scope)' is neither miner:<id> nor model:<name>")
        }
        try await execute(
            PostgresStatement(
                """
                INSERT INTO balancer_policies
                    (scope, locked, priority, min_w, max_w, allow_sleep, allow_untuned, allow_modded_psu, updated_ms)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (scope) DO UPDATE SET locked = excluded.locked, priority = excluded.priority,
                    min_w = excluded.min_w, max_w = excluded.max_w, allow_sleep = excluded.allow_sleep,
                    allow_untuned = excluded.allow_untuned, allow_modded_psu = excluded.allow_modded_psu,
                    updated_ms = excluded.updated_ms
                """,
                [
                    .text(scope), .bool(policy.locked), .int(policy.priority), .double(policy.minWatts?.value),
                    .double(policy.maxWatts?.value), .bool(policy.allowSleep), .bool(policy.allowUntunedPresets),
                    .bool(policy.allowModdedPSU), .int(time.rawValue),
                ]))
    }

    /// Deletes the policy for `scope`.
    public func deleteBalancerPolicy(scope: String) async throws {
        try await execute(PostgresStatement("DELETE FROM balancer_policies WHERE scope = $1", [.text(scope)]))
    }
}

/// The mapping between ``BalancerAuditEntry`` and a `balancer_audit` row.
enum PostgresAuditRow {
    static let columns = """
        ts_ms, seq, decided_ms, miner_id, actor, command_json, from_json, to_json, reason, expected_delta_w,
        observed_delta_w, outcome, detail, updated_ms
        """

    static func values(_ entry: BalancerAuditEntry) throws -> [PostgresValue] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        return [
            .int(entry.id.time.rawValue), .int(entry.id.sequence), .int(entry.time.rawValue),
            .int(entry.minerID.rawValue), .text(entry.actor.description), .text(try json(entry.command)),
            .text(try entry.from.map(json)), .text(try json(entry.to)), .text(entry.reason),
            .double(entry.expectedDelta.value.isFinite ? entry.expectedDelta.value : 0),
            .double(entry.observedDelta?.value), .text(entry.outcome.rawValue), .text(entry.detail),
            .int(entry.updatedAt.rawValue),
        ]
    }

    static func entry(_ row: PostgresRandomAccessRow) throws -> BalancerAuditEntry {
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
