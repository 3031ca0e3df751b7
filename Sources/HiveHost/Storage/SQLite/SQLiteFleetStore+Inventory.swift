import GRDB

extension SQLiteFleetStore {
    /// Applies the identity rules to each result, in order, in one transaction.
    public func upsert(discovered: [DiscoveredMiner]) async throws -> [UpsertOutcome] {
        guard !discovered.isEmpty else { return [] }
        return try await write { db in try discovered.map { try InventorySQL.upsert($0, db) } }
    }

    /// Resets the miss counts and sets the miners online.
    public func recordSeen(_ miners: [MinerRecord.ID], at time: UnixMillis) async throws {
        guard !miners.isEmpty else { return }
        try await write { db in try InventorySQL.recordSeen(miners, at: time, db) }
    }

    /// Counts a missed poll per miner; offline at `offlineAfter` misses in a row.
    public func recordMisses(
        _ miners: [MinerRecord.ID], at time: UnixMillis, offlineAfter: Int
    ) async throws
        -> [MissOutcome]
    {
        guard !miners.isEmpty else { return [] }
        return try await write { db in try InventorySQL.recordMisses(miners, offlineAfter: offlineAfter, db) }
    }

    /// Stores (or clears) the last error of a miner.
    public func recordError(_ message: String?, for miner: MinerRecord.ID, at time: UnixMillis) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE miners SET last_error = ?, last_error_ms = ? WHERE id = ?",
                arguments: [message, message == nil ? nil : time.rawValue, miner.rawValue])
        }
    }

    /// Sets whether PowerHive may change the miner's settings.
    public func setManaged(_ managed: Bool, for miner: MinerRecord.ID) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE miners SET managed = ? WHERE id = ?", arguments: [managed, miner.rawValue])
        }
    }

    /// Points the miner at a stored credential.
    public func setCredentialRef(_ ref: String?, for miner: MinerRecord.ID) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE miners SET credential_ref = ? WHERE id = ?", arguments: [ref, miner.rawValue])
        }
    }

    /// Every miner, by id.
    public func miners() async throws -> [MinerRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(MinerRecord.columns) FROM miners ORDER BY id").map(
                MinerRecord.init(row:))
        }
    }

    /// One miner.
    public func miner(_ id: MinerRecord.ID) async throws -> MinerRecord? {
        try await read { db in try MinerRecord.fetch(db, where: "id = ?", [id.rawValue]) }
    }

    /// Every address a miner answered at, oldest first.
    public func addresses(of miner: MinerRecord.ID) async throws -> [MinerAddress] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT ip, first_seen_ms, last_seen_ms FROM miner_addresses WHERE miner_id = ?
                    ORDER BY first_seen_ms, ip
                    """,
                arguments: [miner.rawValue]
            ).map { row in
                MinerAddress(
                    ip: try row.decode(forColumn: "ip"),
                    firstSeen: UnixMillis(try row.decode(Int64.self, forColumn: "first_seen_ms")),
                    lastSeen: UnixMillis(try row.decode(Int64.self, forColumn: "last_seen_ms")))
            }
        }
    }
}
