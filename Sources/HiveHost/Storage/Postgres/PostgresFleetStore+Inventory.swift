import HiveProtocols
import PostgresNIO

extension PostgresFleetStore {
    /// Applies the identity rules to each result, in order, in one transaction holding the
    /// inventory lock.
    public func upsert(discovered: [DiscoveredMiner]) async throws -> [UpsertOutcome] {
        guard !discovered.isEmpty else { return [] }
        return try await transaction("upsert") { connection in
            let inventory = PostgresInventory(connection: connection, logger: logger)
            try await inventory.lockInventory()
            var outcomes: [UpsertOutcome] = []
            for found in discovered { outcomes.append(try await inventory.upsert(found)) }
            return outcomes
        }
    }

    /// Resets the miss counts and sets the miners online (two statements for the whole batch).
    public func recordSeen(_ miners: [MinerRecord.ID], at time: UnixMillis) async throws {
        guard !miners.isEmpty else { return }
        let ids = PostgresValue.ints(miners.map(\.rawValue))
        try await transaction("record seen") { connection in
            try await connection.execute(
                PostgresStatement(
                    """
                    UPDATE miners SET consecutive_misses = 0, online = true, last_seen_ms = greatest(last_seen_ms, $1)
                    WHERE id = ANY($2)
                    """,
                    [.int(time.rawValue), ids]),
                logger: logger)
            try await connection.execute(
                PostgresStatement(
                    """
                    UPDATE miner_addresses a SET last_seen_ms = greatest(a.last_seen_ms, $1)
                    FROM miners m WHERE m.id = a.miner_id AND a.ip = m.ip AND m.id = ANY($2)
                    """,
                    [.int(time.rawValue), ids]),
                logger: logger)
        }
    }

    /// Counts a missed poll per miner (one statement); offline at `offlineAfter` misses in a
    /// row. Outcomes in input order; unknown ids skipped.
    public func recordMisses(
        _ miners: [MinerRecord.ID], at time: UnixMillis, offlineAfter: Int
    ) async throws
        -> [MissOutcome]
    {
        guard !miners.isEmpty else { return [] }
        let threshold = Int64(max(1, offlineAfter))
        var unique: [Int64] = []
        var seen = Set<Int64>()
        for id in miners where seen.insert(id.rawValue).inserted { unique.append(id.rawValue) }
        let rows = try await transaction("record misses") { connection in
            try await connection.rows(
                PostgresStatement(
                    """
                    WITH old AS (SELECT id, online FROM miners WHERE id = ANY($1) FOR UPDATE)
                    UPDATE miners m SET consecutive_misses = m.consecutive_misses + 1,
                        online = CASE WHEN m.consecutive_misses + 1 >= $2 THEN false ELSE m.online END
                    FROM old WHERE m.id = old.id
                    RETURNING m.id AS id, m.consecutive_misses AS misses, old.online AS was_online
                    """,
                    [.ints(unique), .int(threshold)]),
                logger: logger
            ) { row in
                (try row.int64("id"), try row.int("misses"), try row.bool("was_online"))
            }
        }
        let byID = Dictionary(rows.map { ($0.0, $0) }, uniquingKeysWith: { first, _ in first })
        return unique.compactMap { id in
            byID[id].map { _, misses, wasOnline in
                MissOutcome(
                    minerID: MinerRecord.ID(id), consecutiveMisses: misses,
                    wentOffline: wasOnline && Int64(misses) >= threshold)
            }
        }
    }

    /// Stores (or clears) the last error of a miner.
    public func recordError(_ message: String?, for miner: MinerRecord.ID, at time: UnixMillis) async throws {
        try await transaction("record error") { connection in
            try await connection.execute(
                PostgresStatement(
                    "UPDATE miners SET last_error = $1, last_error_ms = $2 WHERE id = $3",
                    [.text(message), .int(message == nil ? nil : time.rawValue), .int(miner.rawValue)]),
                logger: logger)
        }
    }

    /// Sets whether PowerHive may change the miner's settings.
    public func setManaged(_ managed: Bool, for miner: MinerRecord.ID) async throws {
        try await execute(
            PostgresStatement("UPDATE miners SET managed = $1 WHERE id = $2", [.bool(managed), .int(miner.rawValue)]))
    }

    /// Points the miner at a stored credential.
    public func setCredentialRef(_ ref: String?, for miner: MinerRecord.ID) async throws {
        try await execute(
            PostgresStatement(
                "UPDATE miners SET credential_ref = $1 WHERE id = $2", [.text(ref), .int(miner.rawValue)]))
    }

    /// Every miner, by id.
    public func miners() async throws -> [MinerRecord] {
        try await rows(
            PostgresStatement("SELECT \(MinerRecord.columns) FROM miners ORDER BY id"), MinerRecord.init(postgres:))
    }

    /// One miner.
    public func miner(_ id: MinerRecord.ID) async throws -> MinerRecord? {
        try await rows(
            PostgresStatement("SELECT \(MinerRecord.columns) FROM miners WHERE id = $1", [.int(id.rawValue)]),
            MinerRecord.init(postgres:)
        ).first
    }

    /// Every address a miner answered at, oldest first.
    public func addresses(of miner: MinerRecord.ID) async throws -> [MinerAddress] {
        try await rows(
            PostgresStatement(
                """
                SELECT ip, first_seen_ms, last_seen_ms FROM miner_addresses WHERE miner_id = $1
                ORDER BY first_seen_ms, ip
                """,
                [.int(miner.rawValue)])
        ) { row in
            MinerAddress(
                ip: try row.string("ip"), firstSeen: UnixMillis(try row.int64("first_seen_ms")),
                lastSeen: UnixMillis(try row.int64("last_seen_ms")))
        }
    }
}
